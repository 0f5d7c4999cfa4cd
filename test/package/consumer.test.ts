/**
 * lmdiff as users get it: `npm pack`, the tarball installed offline into a
 * fresh project (from npm's cache; see consumerProject.ts), and then, from
 * that project only:
 *  1. the tarball's contents and size against the budget the README states;
 *  2. publint on the installed package, and are-the-types-wrong on the
 *     tarball (every entry point under node10, node16 and bundler);
 *  3. the README's snippets ("From code", "Figures for papers", "In a
 *     notebook") as Node ES modules and as CommonJS, plus the issue's call
 *     and every public entry (probe.mjs, probe.cjs);
 *  4. the README's live `lmdiff …` commands through node_modules/.bin, and
 *     `lmdiff serve` answering with its static files and the widgets bundle;
 *  5. lmdiff/widget and lmdiff/browser, as resolved there, rendering in
 *     Chromium;
 *  6. a TypeScript file type-checked against the installed declarations
 *     under node10 (TypeScript 5.0, tslab's), node16, nodenext and bundler;
 *  7. the README's notebook snippet executed as a tslab and as a Deno
 *     notebook in that project.
 * scripts/test.sh runs this file after the Node tests, on the lib/ it has
 * just built (the tarball is packed with --ignore-scripts, so no rebuild).
 * The README's corpus analysis runs once (about 12 s here); every later
 * step reuses its caches through LMDIFF_CACHE.
 *
 * LMDIFF_PACK_DIR=DIR keeps the tested tarball in DIR (npm run release uses
 * it); LMDIFF_CONSUMER_KEEP=1 keeps the project (its path is printed).
 */
import assert from "node:assert/strict";
import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { launch } from "../notebook/browser.js";
import { writeConsumerProject } from "./consumerProject.js";
import { asCells, asCommonJS, asModule, lmdiffCommands, readmeBlocks } from "./readmeSnippets.js";

const ROOT = path.resolve(__dirname, "../..");
const FIXTURES = path.join(__dirname, "fixtures");
interface PackageJson {
  version: string;
  main: string;
  module: string;
  types: string;
  bin: Record<string, string>;
  exports: Record<string, unknown>;
  typesVersions: Record<string, unknown>;
}
/** What probe.mjs and probe.cjs print. */
interface Probe {
  version: string;
  packageVersion: string;
  models: string[];
  datasets: string[];
  resolved: Record<string, string>;
  sameClasses?: boolean;
  defaultIsModule?: boolean;
  server: string;
  render: string;
  tokens: number;
}
interface AttwReport {
  analysis: { entrypoints: Record<string, unknown> };
  problems: Record<string, { kind: string; entrypoint: string; resolutionKind: string }[]>;
}

const PKG = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as PackageJson;
const README = readFileSync(path.join(ROOT, "README.md"), "utf8");

/**
 * The package size budget (bytes, as `npm pack` counts them; README.md,
 * "Installing", states the sizes).  0.1.0 measured 16.97 MB packed and
 * 21.13 MB unpacked, of which the seven bundled models are 18.3 MB
 * (about 16 MB compressed: fp16 weights hardly compress).
 */
// Files: 960 before the JupyterLab extension (#14), which added its build
// (lib/labextension), its sources and the kernel side's modules: 1048.
// Comparing two tokenizers (#16: alignment, the aligned view's modules,
// the gap report), each a source, a .js and a .d.ts: 1308.
const BUDGET = { packed: 20_000_000, unpacked: 25_000_000, files: 1400 };
const MODELS = ["tiny-de", "tiny-de-witze", "tiny-en", "tiny-en-bible", "tiny-en-distil", "tiny-mlm-en", "tiny-mlm-en-distil"];
const MODEL_FILES = ["config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json", "onnx/model.onnx"];
const DATASETS = ["coref", "coref-addendum", "fortunes-de", "fortunes-en", "kjv", "tiny-en-samples"];
const NOTEBOOK_CELL_TIMEOUT_S = 300;

let work: string;
let project: string;
let tarball: string;
let packed: { filename: string; size: number; unpackedSize: number; entryCount: number; files: { path: string; size: number }[] };
let installed = false;

/** npm's settings that a child npm keeps: where its cache and configuration are, and how it reaches a registry. */
const KEPT_NPM_CONFIG = /^npm_config_(cache|userconfig|globalconfig|registry|cafile|https?_proxy|proxy|noproxy|strict_ssl)$/i;

/**
 * The environment of every child: without this run's npm script variables
 * (`npm test` sets npm_config_local_prefix, npm_package_* …, which would
 * point a child npm at this repository) and node:test's, with offline
 * settings and one analysis cache for all steps.
 */
function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!(/^npm_/i.test(k) && !KEPT_NPM_CONFIG.test(k)) && !/^(NODE_TEST_CONTEXT|NODE_OPTIONS)$/.test(k)) e[k] = v;
  return {
    ...e,
    ONNXRUNTIME_NODE_INSTALL: "skip",
    LMDIFF_CACHE: path.join(work, "cache"),
    DENO_NO_UPDATE_CHECK: "1",
    DENO_NO_PROMPT: "1",
    ...extra,
  };
}

function run(cmd: string, args: string[], cwd: string, timeoutMs: number): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, env: env(), encoding: "utf8", timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  const status = r.error ? r.error.message : r.signal ? `killed by ${r.signal}` : `exit ${r.status}`;
  assert.equal(r.status, 0, `${what} failed (${status}):\n${(r.stderr ?? "").slice(-4000)}\n${(r.stdout ?? "").slice(-2000)}`);
  return r.stdout;
}

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split("\n").pop()!) as Probe;

before(() => {
  assert.ok(existsSync(path.join(ROOT, "lib/cjs/index.js")), "lib/ is not built: run `npm run build` first");
  work = mkdtempSync(path.join(os.tmpdir(), "lmdiff-consumer-"));
  project = path.join(work, "project");
  mkdirSync(project);
  const packDir = process.env.LMDIFF_PACK_DIR ? path.resolve(ROOT, process.env.LMDIFF_PACK_DIR) : work;
  mkdirSync(packDir, { recursive: true });
  const pack = run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", packDir], ROOT, 120_000);
  packed = (JSON.parse(ok(pack, "npm pack")) as (typeof packed)[])[0];
  tarball = path.join(packDir, packed.filename);
  copyFileSync(tarball, path.join(project, path.basename(tarball)));
  writeConsumerProject({ repo: ROOT, dir: project, tarballName: path.basename(tarball), devDependencies: ["@types/node"] });
  ok(run("npm", ["ci", "--offline", "--no-audit", "--no-fund"], project, 240_000), "npm ci --offline in the consumer project");
  installed = existsSync(path.join(project, "node_modules/lmdiff/package.json"));
});

after(() => {
  if (!work) return;
  if (process.env.LMDIFF_CONSUMER_KEEP) console.log(`# consumer project kept in ${project}`);
  else rmSync(work, { recursive: true, force: true });
});

/** Every file path an exports / typesVersions / main / types / bin entry names. */
function declaredTargets(): string[] {
  const out: string[] = [PKG.main, PKG.module, PKG.types, ...Object.values(PKG.bin)];
  const walk = (v: unknown): void => {
    if (typeof v === "string") out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(PKG.exports);
  walk(PKG.typesVersions);
  return out.map((p) => p.replace(/^\.\//, ""));
}

test("the tarball holds the models, corpora, browser bundles, server files and every declared entry, within the size budget", () => {
  const files = new Set(packed.files.map((f) => f.path));
  const need = [
    ...MODELS.flatMap((m) => MODEL_FILES.map((f) => `models/${m}/${f}`)),
    ...DATASETS.map((d) => `data/${d}.txt`),
    "lib/browser/lmdiff-widgets.js",
    "lib/browser/anywidget.js",
    // The prebuilt JupyterLab extension that lmdiff jupyter install copies.
    "lib/labextension/package.json",
    `lib/labextension/${(JSON.parse(readFileSync(path.join(ROOT, "lib", "labextension", "package.json"), "utf8")) as { jupyterlab: { _build: { load: string } } }).jupyterlab._build.load}`,
    "src/server/public/index.html",
    "src/server/public/app.js",
    "src/server/public/app.css",
    "README.md",
    "CHANGELOG.md",
    ...declaredTargets(),
  ];
  assert.deepEqual(
    need.filter((f) => !files.has(f)),
    [],
    "files missing from the tarball",
  );
  const stray = [...files].filter((f) =>
    /^(test|notebooks|bench|examples|scripts|models\/recipe)\/|\.tsbuildinfo$|^lib\/(browser-tsc|jupyterlab)\//.test(f),
  );
  assert.deepEqual(stray, [], "files that do not belong in the tarball");
  const mb = (n: number) => `${(n / 1e6).toFixed(2)} MB`;
  console.log(`# tarball: ${mb(packed.size)} packed, ${mb(packed.unpackedSize)} unpacked, ${packed.entryCount} files`);
  assert.ok(packed.size <= BUDGET.packed, `packed size ${mb(packed.size)} is over the budget of ${mb(BUDGET.packed)}`);
  assert.ok(
    packed.unpackedSize <= BUDGET.unpacked,
    `unpacked size ${mb(packed.unpackedSize)} is over the budget of ${mb(BUDGET.unpacked)}`,
  );
  assert.ok(packed.entryCount <= BUDGET.files, `${packed.entryCount} files, over the budget of ${BUDGET.files}`);
  assert.ok(installed, "the tarball installed into the consumer project");
});

test("publint finds no error or warning in the installed package", () => {
  const bin = path.join(ROOT, "node_modules/.bin/publint");
  const out = ok(run(bin, ["--strict", "--pack", "false", path.join(project, "node_modules/lmdiff")], ROOT, 60_000), "publint");
  assert.doesNotMatch(out, /Errors:|Warnings:/, out);
});

test("are-the-types-wrong: every entry point has types under node10, node16 (CJS and ESM) and bundler; the browser modules are ESM only", () => {
  // attw exits before a pipe drains: its JSON goes to a file.
  const report = path.join(work, "attw.json");
  const r = spawnSync(`"${path.join(ROOT, "node_modules/.bin/attw")}" "${tarball}" --format json > "${report}"`, {
    shell: true,
    env: env(),
    encoding: "utf8",
    timeout: 60_000,
  });
  const text = readFileSync(report, "utf8");
  assert.ok(text.trim().startsWith("{"), `attw wrote no report (${r.error?.message ?? `exit ${r.status}`}):\n${r.stderr}`);
  const { analysis, problems } = JSON.parse(text) as AttwReport;
  const expectedEntries = Object.keys(PKG.exports);
  assert.deepEqual(Object.keys(analysis.entrypoints).sort(), [...expectedEntries].sort());
  const found = Object.values(problems)
    .flat()
    .map((p) => `${p.kind} ${p.entrypoint} ${p.resolutionKind}`)
    .sort();
  // The widget modules run in browsers and are ES modules: `require` cannot load them, and attw says so.
  assert.deepEqual(found, ["CJSResolvesToESM ./browser node16-cjs", "CJSResolvesToESM ./widget node16-cjs"]);
});

test("the issue's call, the bundled models and corpora and every public entry work through import and require", () => {
  const dir = path.join(project, "probe");
  mkdirSync(dir, { recursive: true });
  for (const [file, kind] of [
    ["probe.mjs", "esm"],
    ["probe.cjs", "cjs"],
  ] as const) {
    copyFileSync(path.join(FIXTURES, file), path.join(dir, file));
    const stdout = ok(run(process.execPath, [file], dir, 120_000), `node ${file}`);
    writeFileSync(path.join(dir, `${kind}.out`), stdout);
    const out = lastJson(stdout);
    assert.deepEqual(out.models, MODELS, `${kind}: bundledModels()`);
    assert.deepEqual([...out.datasets].sort(), DATASETS, `${kind}: bundledDatasets()`);
    assert.equal(out.version, PKG.version, `${kind}: VERSION is package.json's version`);
    assert.equal(out.packageVersion, PKG.version);
    assert.ok(out.tokens > 0);
    assert.equal(out.server, "function");
    assert.equal(out.render, "function");
    for (const [entry, file] of Object.entries(out.resolved))
      assert.ok(
        file.startsWith(path.join(project, "node_modules/lmdiff") + path.sep) && existsSync(file),
        `${kind}: ${entry} resolves to ${file}`,
      );
    if (kind === "esm") {
      assert.equal(out.sameClasses, true, "import and require give the same classes");
      assert.equal(out.defaultIsModule, true);
    }
  }
});

test("the README's snippets run as Node ES modules and as CommonJS in the consumer project", () => {
  const blocks = [
    ["from-code", readmeBlocks(README, "From code", "ts")[0]],
    ["figures", readmeBlocks(README, "Figures for papers", "ts")[0]],
    ["notebook", readmeBlocks(README, "In a notebook", "ts")[0]],
  ] as const;
  for (const kind of ["esm", "cjs"] as const) {
    const dir = path.join(project, `readme-${kind}`);
    mkdirSync(dir, { recursive: true });
    for (const [name, code] of blocks) {
      const file = `${name}.${kind === "esm" ? "mjs" : "cjs"}`;
      writeFileSync(path.join(dir, file), kind === "esm" ? asModule(code) : asCommonJS(code));
      ok(run(process.execPath, [file], dir, 180_000), `README "${name}" as ${kind} (${path.join(dir, file)})`);
    }
    const magic = (f: string, n: number) => readFileSync(path.join(dir, f)).subarray(0, n).toString("latin1");
    assert.equal(magic("results.parquet", 4), "PAR1");
    assert.equal(magic("plots.png", 8), "\x89PNG\r\n\x1a\n");
    assert.equal(magic("figure.pdf", 5), "%PDF-");
    assert.match(readFileSync(path.join(dir, "figure.pdf"), "latin1"), /\/FontFile2|DejaVu/, "the PDF embeds the DejaVu fonts");
    assert.match(readFileSync(path.join(dir, "strip.svg"), "utf8"), /^<svg /);
    assert.match(readFileSync(path.join(dir, "strip.tex"), "utf8"), /\\colorbox/);
    assert.ok(
      readFileSync(path.join(dir, "view.html"), "utf8").includes("lmdiffWidgets"),
      "the standalone HTML carries the widgets bundle",
    );
  }
});

test("lmdiff jupyter install, from the installed package, puts its prebuilt JupyterLab extension into a prefix and uninstall removes it", () => {
  const bin = path.join(project, "node_modules/.bin/lmdiff");
  const prefix = path.join(project, "jupyter-prefix");
  ok(run(bin, ["jupyter", "install", "--prefix", prefix], project, 60_000), "lmdiff jupyter install");
  const dir = path.join(prefix, "share", "jupyter", "labextensions", "lmdiff");
  const built = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as {
    name: string;
    jupyterlab: { _build: { load: string } };
  };
  assert.equal(built.name, "lmdiff");
  assert.ok(existsSync(path.join(dir, built.jupyterlab._build.load)), "the remote entry JupyterLab loads");
  assert.equal((JSON.parse(readFileSync(path.join(dir, "install.json"), "utf8")) as { packageName: string }).packageName, "lmdiff");
  ok(run(bin, ["jupyter", "uninstall", "--prefix", prefix], project, 60_000), "lmdiff jupyter uninstall");
  assert.equal(existsSync(dir), false);
});

test("the README's live commands run through node_modules/.bin/lmdiff", () => {
  const bin = path.join(project, "node_modules/.bin/lmdiff");
  assert.equal(ok(run(bin, ["--version"], project, 60_000), "lmdiff --version").trim(), PKG.version);
  const all = lmdiffCommands([...readmeBlocks(README, "The command line", "sh"), ...readmeBlocks(README, "Figures for papers", "sh")]);
  // Live ones only: preprocess/analyze/compare and export --config need corpus runs of their own, which the CLI tests cover.
  const live = all.filter((a) => ["models", "datasets", "text"].includes(a[0]) || (a[0] === "export" && a.includes("--text")));
  assert.deepEqual(live.map((a) => a[0]).sort(), ["datasets", "export", "models", "text", "text"]);
  const dir = path.join(project, "cli");
  mkdirSync(dir, { recursive: true });
  for (const args of live) {
    const out = ok(run(bin, args, dir, 120_000), `lmdiff ${args.join(" ")}`);
    if (args[0] === "models") for (const m of MODELS) assert.match(out, new RegExp(`\\b${m}\\b`));
    if (args[0] === "datasets") for (const d of DATASETS) assert.match(out, new RegExp(`\\b${d}\\b`));
  }
  assert.match(readFileSync(path.join(dir, "fig.svg"), "utf8"), /^<svg /);
  const json: unknown = JSON.parse(
    ok(run(bin, ["text", "tiny-en", "tiny-en-bible", "Let there be light", "--json"], dir, 120_000), "lmdiff text --json"),
  );
  assert.ok(json && typeof json === "object");
});

test("lmdiff serve from the installed package serves the app, its static files and the widgets bundle", async () => {
  const child = spawn(
    path.join(project, "node_modules/.bin/lmdiff"),
    ["serve", "--m1", "tiny-en", "--m2", "tiny-en-bible", "--port", "0"],
    {
      cwd: project,
      env: env(),
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error(`lmdiff serve printed no URL in 60 s:\n${stderr}`)), 60_000);
      child.stdout.on("data", (d) => {
        out += d;
        const m = /http:\/\/\S+\//.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[0]);
        }
      });
      child.on("exit", (code) => reject(new Error(`lmdiff serve exited with ${code}:\n${stderr}`)));
    });
    const publicDir = path.join(project, "node_modules/lmdiff/src/server/public");
    for (const [route, file] of [
      ["", "index.html"],
      ["app.js", "app.js"],
      ["app.css", "app.css"],
      ["favicon.svg", "favicon.svg"],
    ]) {
      const r = await fetch(url + route);
      assert.equal(r.status, 200, `GET /${route}`);
      assert.equal(await r.text(), readFileSync(path.join(publicDir, file), "utf8"), `GET /${route} is the installed ${file}`);
    }
    const bundle = await fetch(url + "lmdiff-widgets.js");
    assert.equal(bundle.status, 200);
    assert.equal(await bundle.text(), readFileSync(path.join(project, "node_modules/lmdiff/lib/browser/lmdiff-widgets.js"), "utf8"));
    const health = (await (await fetch(url + "api/health")).json()) as { version: string };
    assert.equal(health.version, PKG.version);
    const live = await fetch(url + "api/analyze", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ m1: "tiny-en", m2: "tiny-en-bible", text: "Let there be light." }),
    });
    assert.equal(live.status, 200, await live.clone().text());
    assert.equal(((await live.json()) as { text: string }).text, "Let there be light.");
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
  }
});

test("lmdiff/widget (anywidget's render) and lmdiff/browser (the custom elements), as installed, render in Chromium", async () => {
  // Where Node resolves both entries in the consumer project (probe.mjs), served to the page as two URLs.
  const probe = lastJson(readFileSync(path.join(project, "probe/esm.out"), "utf8"));
  const instance = readFileSync(path.join(project, "probe/instance.json"), "utf8");
  const widgetFile = probe.resolved["lmdiff/widget"];
  const browserFile = probe.resolved["lmdiff/browser"];
  assert.match(
    readFileSync(widgetFile, "utf8"),
    /export\s*\{[^}]*\bas default\b[^}]*\}\s*;?\s*$/,
    "lmdiff/widget is an ES module with a default export",
  );
  let browser: Browser | undefined;
  try {
    browser = await launch();
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.route("http://lmdiff.test/**", (route) => {
      const p = new URL(route.request().url()).pathname;
      if (p === "/widget.js") return route.fulfill({ path: widgetFile, contentType: "text/javascript" });
      if (p === "/browser.js") return route.fulfill({ path: browserFile, contentType: "text/javascript" });
      return route.fulfill({ body: "<!doctype html><meta charset=utf-8><body></body>", contentType: "text/html" });
    });
    await page.goto("http://lmdiff.test/");
    // A string, not a function: tsx would wrap the function's methods in helpers the page lacks.
    await page.evaluate(`(async () => {
      const { default: widget } = await import("/widget.js");
      const el = document.body.appendChild(document.createElement("div"));
      const data = ${instance};
      const model = { get: (k) => (k === "data" ? data : undefined), on() {}, off() {} };
      widget.render({ model, el });
    })()`);
    await page.waitForFunction(() => document.querySelector("lmdiff-instance-view")?.shadowRoot?.querySelector(".strip svg"), undefined, {
      timeout: 20_000,
    });
    // The custom elements bundle: a classic script that sets window.lmdiffWidgets.
    const page2 = await browser.newPage();
    page2.on("pageerror", (e) => errors.push(e.message));
    await page2.route("http://lmdiff.test/**", (route) =>
      new URL(route.request().url()).pathname === "/browser.js"
        ? route.fulfill({ path: browserFile, contentType: "text/javascript" })
        : route.fulfill({ body: '<!doctype html><meta charset=utf-8><script src="/browser.js"></script>', contentType: "text/html" }),
    );
    await page2.goto("http://lmdiff.test/");
    assert.deepEqual(
      await page2.evaluate(() => [
        typeof (window as unknown as { lmdiffWidgets?: object }).lmdiffWidgets,
        !!customElements.get("lmdiff-app"),
      ]),
      ["object", true],
    );
    assert.deepEqual(errors, []);
  } finally {
    await browser?.close();
  }
});

/**
 * tsc's errors, without those inside other packages' declarations: lmdiff's
 * own declarations are checked in full (skipLibCheck off), while a
 * dependency's bugs are not lmdiff's to fix.
 */
function tscErrors(out: string): string[] {
  return out
    .split("\n")
    .filter((l) => /^\S.*\(\d+,\d+\): error TS\d+/.test(l))
    .filter((l) => !l.includes("node_modules/") || l.includes("node_modules/lmdiff/"));
}

test("TypeScript checks a user's files against the installed declarations: node10 (TypeScript 5.0, as tslab), node16, nodenext, bundler", () => {
  const dir = path.join(project, "types");
  mkdirSync(dir, { recursive: true });
  for (const f of ["consumer.mts", "consumer.cts", "node10.ts"]) copyFileSync(path.join(FIXTURES, f), path.join(dir, f));
  const common = { strict: true, noEmit: true, target: "es2022", types: ["node"], forceConsistentCasingInFileNames: true };
  const tsc = path.join(ROOT, "node_modules/typescript/bin/tsc");
  const dom = ["es2022", "dom"];
  const configs: { name: string; tsc: string; options: object; files: string[] }[] = [
    {
      // tslab's own compiler and its settings for cells (see ../shared/FACTS.md, "tslab").
      name: "node10",
      tsc: path.join(ROOT, "node_modules/@tslab/typescript-for-tslab/bin/tsc"),
      options: { ...common, module: "commonjs", moduleResolution: "node10", esModuleInterop: true, lib: ["es2022"], skipLibCheck: true },
      files: ["node10.ts"],
    },
    {
      name: "node16",
      tsc,
      options: { ...common, module: "node16", lib: dom, skipLibCheck: true },
      files: ["consumer.mts", "consumer.cts"],
    },
    {
      name: "nodenext",
      tsc,
      options: { ...common, module: "nodenext", lib: dom, skipLibCheck: true },
      files: ["consumer.mts", "consumer.cts"],
    },
    // lmdiff's declarations checked in full once (6 s here; with CommonJS and ES module files, as for node16, about 18 s).
    // Under node16 that would also show error TS1479 in lmdiff's Model.d.ts: @huggingface/tokenizers ships CommonJS
    // code but only ES module declarations, so a CommonJS declaration importing its types is refused.
    {
      name: "bundler",
      tsc,
      options: { ...common, module: "esnext", moduleResolution: "bundler", lib: dom, skipLibCheck: false },
      files: ["consumer.mts"],
    },
  ];
  const failures: string[] = [];
  for (const c of configs) {
    const config = `tsconfig.${c.name}.json`;
    writeFileSync(path.join(dir, config), JSON.stringify({ compilerOptions: c.options, files: c.files }, null, 2));
    const r = run(process.execPath, [c.tsc, "-p", config, "--pretty", "false"], dir, 120_000);
    const errors = tscErrors(r.stdout + r.stderr);
    if (errors.length || (r.status !== 0 && !/error TS/.test(r.stdout + r.stderr)))
      failures.push(`${c.name}:\n${errors.join("\n") || r.stdout + r.stderr}`);
  }
  assert.deepEqual(failures, []);
});

/** A notebook of the README's notebook snippet for one kernel, after a cell that prints where the "lmdiff" it loads lives. */
function readmeNotebook(kernel: "tslab" | "deno"): object {
  // A bundled corpus's path lies inside the package that the kernel loaded.
  const probe = 'import { bundledDatasets } from "lmdiff";\nconsole.log("lmdiff at " + bundledDatasets()[0].path);';
  const cells = [probe, ...asCells(readmeBlocks(README, "In a notebook", "ts")[0], kernel)];
  const spec =
    kernel === "tslab"
      ? { name: "tslab", display_name: "TypeScript", language: "typescript" }
      : { name: "deno", display_name: "Deno", language: "typescript" };
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: spec },
    cells: cells.map((source, i) => ({ cell_type: "code", id: `c${i}`, metadata: {}, execution_count: null, outputs: [], source })),
  };
}

interface Output {
  output_type: string;
  data?: Record<string, string | string[]>;
  text?: string | string[];
  ename?: string;
  evalue?: string;
}
const joined = (s: string | string[] | undefined) => (Array.isArray(s) ? s.join("") : (s ?? ""));

for (const kernel of ["tslab", "deno"] as const) {
  test(`the README's notebook snippet runs as a ${kernel} notebook in the consumer project`, () => {
    // The kernels and Jupyter are installed and registered as for the notebook tests (which fail, not skip, without them).
    ok(run("bash", [path.join(ROOT, "scripts/notebook-setup.sh")], ROOT, 15 * 60_000), "scripts/notebook-setup.sh");
    const dir = path.join(project, `notebook-${kernel}`);
    mkdirSync(dir, { recursive: true });
    const nbFile = path.join(dir, "readme.ipynb");
    const outFile = path.join(dir, "readme.executed.ipynb");
    writeFileSync(nbFile, JSON.stringify(readmeNotebook(kernel), null, 1));
    const r = spawnSync(
      "/usr/bin/python3",
      [path.join(__dirname, "executeNotebook.py"), nbFile, dir, outFile, String(NOTEBOOK_CELL_TIMEOUT_S)],
      {
        cwd: dir,
        env: env({ PATH: `${path.join(ROOT, "node_modules/.bin")}:${process.env.PATH}` }),
        encoding: "utf8",
        timeout: 10 * 60_000,
      },
    );
    assert.ok(existsSync(outFile), `the notebook did not run: ${r.stderr.slice(-3000)}`);
    const executed = JSON.parse(readFileSync(outFile, "utf8")) as { cells: { outputs?: Output[] }[] };
    const outputs = executed.cells.flatMap((c) => c.outputs ?? []);
    const errors = outputs.filter((o) => o.output_type === "error").map((o) => `${o.ename}: ${o.evalue}`);
    assert.deepEqual(errors, [], r.stderr.slice(-3000));
    assert.equal(r.status, 0, r.stderr.slice(-3000));
    const printed = outputs.map((o) => joined(o.text)).join("");
    const where = /lmdiff at (\S+)/.exec(printed)?.[1] ?? "";
    assert.ok(
      where.startsWith(path.join(project, "node_modules/lmdiff/")),
      `the kernel loaded lmdiff from ${where}, not from the installed package`,
    );
    const views = outputs.filter((o) => o.data && /<lmdiff-view-v\d+\b/.test(joined(o.data["text/html"])));
    const shows = readmeBlocks(README, "In a notebook", "ts")[0].match(/\.show\(\);/g)?.length ?? 0; // calls, not mentions in comments
    assert.equal(views.length, shows, "one view per .show() of the README's snippet");
    // The widgets bundle (read from the installed package) travels in the outputs, at least in the first view.
    assert.ok(
      views.some((v) => joined(v.data!["text/html"]).includes("lmdiffWidgets")),
      "the outputs carry the installed widgets bundle",
    );
    for (const v of views) assert.match(joined(v.data!["text/plain"]), /^lmdiff: /, "a text summary beside each view");
    assert.ok(statSync(path.join(dir, "view.html")).size > 0, "the snippet wrote view.html");
  });
}
