/**
 * Writes the notebooks under notebooks/tslab/ and notebooks/deno/ from one
 * description (notebooks/caseStudies.ts), so that the two kernels' versions
 * never drift apart.  They differ only where the kernels do: tslab prints a
 * cell's last value as text, so views are shown with `x.show()`; Deno
 * displays a last value with its Jupyter.display method, and its views are
 * shown with `await x.show()`.
 *
 *   npx tsx notebooks/build.ts      (then scripts/execute-notebooks.sh)
 *
 * Written notebooks have no outputs; cell ids are stable, so a rebuild
 * followed by execution gives small diffs.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CASE_STUDIES, type Cell, type Kernel } from "./caseStudies";

const KERNELSPEC: Record<Kernel, object> = {
  tslab: { name: "tslab", display_name: "TypeScript", language: "typescript" },
  deno: { name: "deno", display_name: "Deno", language: "typescript" },
};

const LANGUAGE_INFO: Record<Kernel, object> = {
  tslab: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript", version: "5.0.4" },
  deno: { name: "typescript", file_extension: ".ts", mimetype: "text/x.typescript", nbconvert_exporter: "script", pygments_lexer: "typescript", version: "5.x" },
};

/** Notebook JSON keeps text as a list of lines, each with its newline but the last. */
function lines(s: string): string[] {
  const parts = s.split("\n");
  return parts.map((l, i) => (i < parts.length - 1 ? l + "\n" : l)).filter((l, i, a) => !(i === a.length - 1 && l === ""));
}

function cellJson(c: Cell, kernel: Kernel, id: string): object {
  const text = typeof c.text === "function" ? c.text(kernel) : c.text;
  if (c.kind === "markdown") return { cell_type: "markdown", id, metadata: {}, source: lines(text) };
  return { cell_type: "code", execution_count: null, id, metadata: {}, outputs: [], source: lines(text) };
}

const root = __dirname;
for (const kernel of ["tslab", "deno"] as const) {
  const dir = path.join(root, kernel);
  mkdirSync(dir, { recursive: true });
  for (const s of CASE_STUDIES) {
    const nb = {
      cells: s.cells(kernel).map((c, i) => cellJson(c, kernel, `${s.file.slice(0, 2)}-${String(i).padStart(2, "0")}`)),
      metadata: { kernelspec: KERNELSPEC[kernel], language_info: LANGUAGE_INFO[kernel], lmdiff: { models: s.models, datasets: s.datasets } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    writeFileSync(path.join(dir, `${s.file}.ipynb`), JSON.stringify(nb, null, 1) + "\n");
  }
}
console.log(`wrote ${CASE_STUDIES.length} notebooks for each of tslab and deno`);
