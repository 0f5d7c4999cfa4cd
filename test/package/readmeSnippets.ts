/**
 * The code blocks of README.md, as the consumer test runs them: a
 * TypeScript block as an ES module (types stripped), as CommonJS (wrapped
 * in an async function, as the README says), or as notebook cells; a shell
 * block's `lmdiff …` lines as argument lists.
 */
import ts from "typescript";

/** The fenced blocks of one language under the "## heading" section (up to the next "## "). */
export function readmeBlocks(readme: string, heading: string, lang: string): string[] {
  const start = readme.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README.md has no section "## ${heading}"`);
  const end = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const blocks = [...section.matchAll(new RegExp("^```" + lang + "\\n([\\s\\S]*?)^```$", "gm"))].map((m) => m[1]);
  if (blocks.length === 0) throw new Error(`README.md's section "## ${heading}" has no \`\`\`${lang} block`);
  return blocks;
}

const transpile = (code: string, module: ts.ModuleKind): string =>
  ts.transpileModule(code, {
    compilerOptions: {
      module,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      verbatimModuleSyntax: module === ts.ModuleKind.ESNext,
    },
    reportDiagnostics: false,
  }).outputText;

/** The block as an ES module (.mjs): top-level await as written. */
export function asModule(code: string): string {
  return transpile(code, ts.ModuleKind.ESNext);
}

/** The block as CommonJS (.cjs): imports become require calls, the rest runs in an async function. */
export function asCommonJS(code: string): string {
  const lines = code.split("\n");
  const imports = lines.filter((l) => /^import\s/.test(l));
  const body = lines.filter((l) => !/^import\s/.test(l));
  const wrapped = [...imports, "(async () => {", ...body, "})().catch((e) => { console.error(e); process.exit(1); });"].join("\n");
  return transpile(wrapped, ts.ModuleKind.CommonJS);
}

/**
 * The block as notebook cells: a new cell after every line that shows a
 * view (`….show();`), so each view is a cell's output.  For Deno, `x.show()`
 * becomes `await x.show()` (the README's note for Deno).
 */
export function asCells(code: string, kernel: "tslab" | "deno"): string[] {
  const cells: string[][] = [[]];
  for (const line of code.trimEnd().split("\n")) {
    const l = kernel === "deno" ? line.replace(/^(\s*)(\S.*?\.show\(\);)/, "$1await $2") : line;
    cells[cells.length - 1].push(l);
    if (/\.show\(\);/.test(line)) cells.push([]);
  }
  return cells.filter((c) => c.some((l) => l.trim())).map((c) => c.join("\n"));
}

/** Split one shell line into words: double- and single-quoted words, and a trailing `# comment` dropped. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  const re = /\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|(#.*)|(\S+))/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) {
    if (m[3] !== undefined) break;
    const w = m[1] ?? m[2] ?? m[4];
    if (w !== undefined) words.push(m[1] !== undefined ? w.replace(/\\(.)/g, "$1") : w);
  }
  return words;
}

/** The `lmdiff …` command lines of shell blocks, as argument lists (without "lmdiff"). */
export function lmdiffCommands(blocks: string[]): string[][] {
  return blocks
    .flatMap((b) => b.split("\n"))
    .map(shellWords)
    .filter((w) => w[0] === "lmdiff")
    .map((w) => w.slice(1));
}
