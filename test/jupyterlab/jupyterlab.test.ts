import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { CHROMIUM_ARGS } from "../helpers/chromiumArgs.ts";
import { jupyterlabVenv, PYPI_MIRROR } from "../helpers/jupyterlabVenv.ts";

// lmdiff in a real JupyterLab 4.6 as a reader meets it: the extension
// installed with `lmdiff jupyter install`, private Jupyter folders (so every
// notebook is untrusted: no signature database), the tslab and Deno kernels,
// headless Chromium.  Screenshots go to test-output/jupyterlab/ for a person
// to look at.
const ROOT = path.join(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "lmdiff.js");
const SHOTS = path.join(ROOT, "test-output", "jupyterlab");
const NODE_BIN = path.join(ROOT, "node_modules", ".bin");
const SKIP = fs.existsSync(PYPI_MIRROR)
  ? false
  : `JupyterLab installs from the local Python package index ${PYPI_MIRROR}, which this machine lacks`;
const VIEW_MIME = "application/vnd.lmdiff.view+json";

let lab: ChildProcess | undefined;
let labLog = "";
let base = "";
let work = "";
let browser: Browser | undefined;
let page: Page;
const problems: string[] = [];

type Cell = { cell_type: string; source: string | string[]; outputs?: { output_type: string; data?: Record<string, unknown> }[] };

function kernelSpec(dir: string, name: string, argv: string[], display: string): void {
  fs.mkdirSync(path.join(dir, "kernels", name), { recursive: true });
  fs.writeFileSync(path.join(dir, "kernels", name, "kernel.json"), JSON.stringify({ argv, display_name: display, language: "typescript" }));
}

function notebook(kernel: "tslab" | "deno", cells: string[]): string {
  return JSON.stringify({
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: kernel, display_name: kernel, language: "typescript" } },
    cells: cells.map((source, i) => ({ cell_type: "code", id: `c${i}`, execution_count: null, metadata: {}, outputs: [], source })),
  });
}

before(async () => {
  if (SKIP) return;
  assert.ok(fs.existsSync(path.join(ROOT, "lib", "labextension", "package.json")), "lib/labextension is missing: run npm run build first");
  fs.mkdirSync(SHOTS, { recursive: true });
  const venv = await jupyterlabVenv();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-jupyterlab-"));
  work = path.join(tmp, "work");
  fs.mkdirSync(work);
  const env = {
    ...process.env,
    JUPYTER_CONFIG_DIR: path.join(tmp, "config"),
    JUPYTER_DATA_DIR: path.join(tmp, "data"),
    JUPYTER_RUNTIME_DIR: path.join(tmp, "runtime"),
    // Only the private folders and the venv: no kernels or extensions of the machine's own Jupyter.
    JUPYTER_PATH: "",
    LMDIFF_CACHE: path.join(tmp, "cache"),
    PATH: `${NODE_BIN}:${process.env.PATH}`,
  };
  const install = spawnSync(process.execPath, [BIN, "jupyter", "install", "--user"], { env, encoding: "utf8", timeout: 60_000 });
  assert.equal(install.status, 0, install.stderr);
  kernelSpec(env.JUPYTER_DATA_DIR, "tslab", [path.join(NODE_BIN, "tslab"), "kernel", "--config-path", "{connection_file}"], "TypeScript");
  kernelSpec(env.JUPYTER_DATA_DIR, "deno", [path.join(NODE_BIN, "deno"), "jupyter", "--kernel", "--conn", "{connection_file}"], "Deno");
  // "lmdiff" resolves to this checkout from the notebooks' folder, for tslab (node_modules) and Deno (package.json).
  fs.mkdirSync(path.join(work, "node_modules"));
  fs.symlinkSync(ROOT, path.join(work, "node_modules", "lmdiff"));
  fs.writeFileSync(path.join(work, "package.json"), JSON.stringify({ private: true, dependencies: { lmdiff: `file:${ROOT}` } }));
  // A committed notebook, as a reader downloads it: executed elsewhere, so untrusted here.
  fs.copyFileSync(path.join(ROOT, "notebooks", "tslab", "00-quickstart.ipynb"), path.join(work, "quickstart.ipynb"));
  lab = spawn(
    path.join(venv, "bin", "jupyter"),
    [
      "lab",
      "--allow-root",
      "--no-browser",
      "--ServerApp.token=",
      "--ServerApp.password=",
      "--ServerApp.ip=127.0.0.1",
      "--ServerApp.port=0",
      "--ServerApp.disable_check_xsrf=False",
      "--LabApp.expose_app_in_browser=True",
      "--LabApp.news_url=",
      "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
      `--ServerApp.root_dir=${work}`,
    ],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`JupyterLab printed no URL in 90 s:\n${labLog}`)), 90_000);
    lab!.stderr!.on("data", (c) => {
      labLog += c;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)lab/.exec(labLog);
      if (m) resolve((clearTimeout(timer), m[1]));
    });
    lab!.on("exit", (code) => reject(new Error(`JupyterLab exited with ${code}:\n${labLog}`)));
  });
  browser = await chromium.launch({ executablePath: process.env.CHROME_BIN ?? "/usr/bin/chromium", args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1300, height: 1000 } });
  // JupyterLab's own errors (its debugger asks kernels that have none) are not lmdiff's concern.
  page.on("pageerror", (e) => {
    if (/lmdiff/i.test(`${e.message}\n${e.stack ?? ""}`)) problems.push(`page error: ${e.message}`);
  });
  page.on("console", (m) => {
    if (/lmdiff/i.test(m.text()) && (m.type() === "error" || m.type() === "warning")) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.setDefaultTimeout(60_000);
  await page.addInitScript(() => {
    (window as unknown as { dirty: () => boolean }).dirty = () =>
      (window as unknown as { jupyterapp: { shell: { currentWidget: { context: { model: { dirty: boolean } } } } } }).jupyterapp.shell
        .currentWidget.context.model.dirty;
  });
});

after(async () => {
  await browser?.close();
  if (lab && lab.exitCode === null) {
    const exited = new Promise((r) => lab!.once("exit", r));
    lab.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (lab.exitCode === null) lab.kill("SIGKILL");
  }
});

/** Open a notebook of the work folder in JupyterLab and wait until it is the current document. */
async function open(name: string): Promise<void> {
  await page.goto(`${base}lab/tree/${name}`);
  await page.waitForFunction(
    (n) => {
      const app = (window as { jupyterapp?: { shell: { currentWidget?: { context?: { path: string } } } } }).jupyterapp;
      return app?.shell.currentWidget?.context?.path === n;
    },
    name,
    { timeout: 90_000 },
  );
}

/**
 * Start a JupyterLab command in the page.  Not awaited there: a command
 * that runs cells settles only when they finish, or never if a dialog
 * opens; the tests wait for what they expect to see instead.
 */
const command = (id: string, args: object = {}) =>
  page.evaluate(
    ([i, a]) => {
      void (
        window as unknown as { jupyterapp: { commands: { execute(i: string, a: object): Promise<unknown> } } }
      ).jupyterapp.commands.execute(i, a);
    },
    [id, args] as const,
  );

/** The notebook on screen; other open notebooks stay in the page, hidden. */
const nb = () => page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)");

const TEXTS = ["Look before you leap.", "A watched pot never boils.", "Too many cooks spoil the broth.", "Fortune favours the bold."];

/** Open, in the app on screen, a listed text whose token data its output does not carry; returns its index once shown. */
async function openNotEmbedded(app: Locator): Promise<number> {
  const index = await app.evaluate((el: Element) => {
    const a = el as HTMLElement & { instances: Map<number, unknown> };
    const docs = [...a.shadowRoot!.querySelector("lmdiff-global-view")!.shadowRoot!.querySelectorAll("button.doc")].map((b) =>
      Number(b.getAttribute("data-doc")),
    );
    return docs.find((d) => !a.instances.has(d));
  });
  assert.ok(index !== undefined, "some listed text is not embedded");
  await app.locator(`lmdiff-global-view >> button.doc[data-doc="${index}"]`).click();
  // Polled from here: a named function inside evaluate() would meet tsx's __name helper, absent in the page.
  for (let t = Date.now(); ;) {
    if ((await app.evaluate((el) => (el as HTMLElement & { instance?: { index: number } }).instance?.index)) === index) break;
    if (Date.now() - t > 60_000) throw new Error(`text #${index} did not open`);
    await new Promise((r) => setTimeout(r, 100));
  }
  await app.locator("lmdiff-instance-view >> .strip g.tok").first().waitFor();
  // textContent: JupyterLab skips painting what is off screen, and unpainted text has no innerText.
  const strip = (await app.locator("lmdiff-instance-view >> .strip").textContent()) ?? "";
  assert.equal(strip.replace(/\s+/g, ""), TEXTS[index].replace(/\s+/g, ""), "the kernel's token data of that text");
  return index;
}

/** Run cell `index` of the notebook on screen again (as a reader does: select it, run it). */
async function runCell(index: number): Promise<void> {
  await page.evaluate((i) => {
    const w = (window as unknown as { jupyterapp: { shell: { currentWidget: { content: { activeCellIndex: number } } } } }).jupyterapp.shell
      .currentWidget;
    w.content.activeCellIndex = i;
  }, index);
  await command("notebook:run-cell");
}

/** Whether the current document has unsaved changes (evaluated in the page). */
declare function dirty(): boolean;

/** Wait until the kernel of the current notebook is idle after running something. */
async function waitIdle(): Promise<void> {
  await page.waitForFunction(
    () => {
      const w = (
        window as unknown as {
          jupyterapp: { shell: { currentWidget: { sessionContext?: { session?: { kernel?: { status: string } } } } } };
        }
      ).jupyterapp.shell.currentWidget;
      return w.sessionContext?.session?.kernel?.status === "idle";
    },
    undefined,
    { timeout: 120_000 },
  );
}

test(
  "a committed notebook opened untrusted in JupyterLab shows every lmdiff view live, and saving keeps a PNG for static viewers",
  { skip: SKIP, timeout: 180_000 },
  async () => {
    const file = path.join(work, "quickstart.ipynb");
    const cells = (JSON.parse(fs.readFileSync(file, "utf8")) as { cells: Cell[] }).cells;
    const views = cells.flatMap((c) => c.outputs ?? []).filter((o) => o.data?.[VIEW_MIME]);
    assert.ok(views.length >= 2, "the committed notebook has lmdiff outputs");
    await open("quickstart.ipynb");
    // Untrusted: JupyterLab would drop the HTML's scripts; the extension's renderer needs none.
    assert.equal(await page.evaluate(() => document.querySelectorAll(".jp-OutputArea-output script").length), 0);
    await page.waitForFunction(
      (n) => document.querySelectorAll(".lmdiff-jupyterlab-view > lmdiff-instance-view, .lmdiff-jupyterlab-view > lmdiff-app").length === n,
      views.length,
    );
    await page.locator("lmdiff-app >> lmdiff-global-view >> button.doc").first().waitFor();
    assert.equal(await page.locator("img.lmdiff-fallback").count(), 0, "no static picture where the live view is up");
    await page.screenshot({ path: path.join(SHOTS, "01-untrusted-live.png") });
    // The renderer wrote each picture as image/png into its output, which
    // made the notebook dirty; saving writes them to the file.
    await page.waitForFunction(() => dirty() === true);
    await command("docmanager:save");
    await page.waitForFunction(() => dirty() === false);
    const saved = (JSON.parse(fs.readFileSync(file, "utf8")) as { cells: Cell[] }).cells
      .flatMap((c) => c.outputs ?? [])
      .filter((o) => o.data?.[VIEW_MIME]);
    assert.equal(saved.length, views.length);
    for (const o of saved) {
      const png = Buffer.from(String(o.data!["image/png"]), "base64");
      assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "a PNG");
      assert.ok(png.length > 2000);
    }
    assert.deepEqual(problems, []);
  },
);

test(
  "in a tslab notebook, a text the corpus view did not embed opens from the kernel, and the click and a pinned token become view.selection in the next cell",
  { skip: SKIP, timeout: 150_000 },
  async () => {
    fs.writeFileSync(
      path.join(work, "select.ipynb"),
      notebook("tslab", [
        `import { compare } from "lmdiff";\nconst r = await compare("tiny-en", "tiny-en-distil", ${JSON.stringify(TEXTS)});\nconst v = r.view({ embed: 1 });\nv.show();`,
        'console.log("selection:", JSON.stringify(v.selection));',
      ]),
    );
    await open("select.ipynb");
    try {
      // Running cells before the kernel is up opens JupyterLab's kernel picker instead.
      await waitIdle();
      await command("notebook:run-all-cells");
      const app = nb().locator("lmdiff-app");
      await app.locator("lmdiff-global-view >> button.doc").first().waitFor({ timeout: 60_000 });
      await waitIdle();
      await nb().locator(".jp-OutputArea-output", { hasText: "selection: null" }).waitFor({ timeout: 30_000 });
      // A listed text whose token data the output does not carry comes from the kernel.
      const index = await openNotEmbedded(app);
      // Pin a token's card too.
      await app.locator('lmdiff-instance-view >> .strip g.tok[data-i="1"]').click();
      await runCell(1);
      await nb()
        .locator(".jp-OutputArea-output", { hasText: `selection: {"text":${index},"tokens":[1],"range":null}` })
        .waitFor();
      await page.screenshot({ path: path.join(SHOTS, "02-tslab-lazy-selection.png") });
    } catch (e) {
      await page.screenshot({ path: path.join(SHOTS, "02-fail.png") });
      console.error(
        "app status:",
        await nb()
          .locator("lmdiff-app")
          .evaluate((el) => JSON.stringify((el as unknown as { status: unknown }).status)),
      );
      throw e;
    }
    assert.deepEqual(problems, []);
  },
);

test(
  "in a Deno notebook, a view opened as a widget over comms changes on screen when the kernel sets its measure, and hands clicks back",
  { skip: SKIP, timeout: 150_000 },
  async () => {
    fs.writeFileSync(
      path.join(work, "widget.ipynb"),
      notebook("deno", [
        `import { compare } from "lmdiff";\nconst r = await compare("tiny-en", "tiny-en-distil", ${JSON.stringify(TEXTS)});\nconst w = r.widget({ embed: 1 });\nawait w.show();`,
        'w.measure = "rank_diff";',
        'console.log("selection:", JSON.stringify(w.selection));',
      ]),
    );
    await open("widget.ipynb");
    try {
      await waitIdle();
      await command("notebook:run-all-cells");
      const app = nb().locator(".lmdiff-widget > lmdiff-app");
      await app.locator("lmdiff-global-view >> button.doc").first().waitFor({ timeout: 90_000 });
      await waitIdle();
      await nb().locator(".jp-OutputArea-output", { hasText: "selection: null" }).waitFor({ timeout: 30_000 });
      // The second cell's update reached the view already on screen.
      await page.waitForFunction(() => {
        const el = document.querySelector<HTMLElement & { measure?: string }>(
          ".jp-NotebookPanel:not(.lm-mod-hidden) .lmdiff-widget > lmdiff-app",
        );
        return el?.measure === "rank_diff";
      });
      await app
        .locator("lmdiff-global-view >> button.doc")
        .first()
        .getAttribute("aria-label")
        .then((l) => assert.match(String(l), /rank difference/));
      const index = await openNotEmbedded(app);
      await runCell(2);
      await nb()
        .locator(".jp-OutputArea-output", { hasText: `selection: {"text":${index},"tokens":[],"range":null}` })
        .waitFor();
      await page.screenshot({ path: path.join(SHOTS, "03-deno-widget.png") });
    } catch (e) {
      await page.screenshot({ path: path.join(SHOTS, "03-fail.png") });
      throw e;
    }
    assert.deepEqual(problems, []);
  },
);

test(
  "in a Deno notebook, a pending widget shows the analysis's progress streamed from the kernel, then the global view in its place",
  { skip: SKIP, timeout: 150_000 },
  async () => {
    fs.writeFileSync(
      path.join(work, "progress.ipynb"),
      notebook("deno", [
        `import { compare, ViewWidget } from "lmdiff";\nconst w = ViewWidget.pending("tiny-en vs tiny-en-distil");\nawait w.show();\nconst r = await compare("tiny-en", "tiny-en-distil", { dataset: "tiny-en-samples" }, { onProgress: w.progress, force: true });\nawait w.replace(r.view());`,
      ]),
    );
    await open("progress.ipynb");
    // Every text the progress line shows, as the page changes it.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressSeen: string[] }).progressSeen = seen;
      new MutationObserver(() => {
        for (const s of document.querySelectorAll(".lmdiff-widget .lmdiff-progress span")) {
          const t = s.textContent ?? "";
          if (t && seen[seen.length - 1] !== t) seen.push(t);
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    try {
      await waitIdle();
      await command("notebook:run-all-cells");
      const app = nb().locator(".lmdiff-widget > lmdiff-app");
      await app.locator("lmdiff-global-view >> button.doc").first().waitFor({ timeout: 120_000 });
      const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
      assert.ok(seen.length >= 2, `the progress line moved: ${JSON.stringify(seen)}`);
      assert.match(seen[seen.length - 1], /^tiny-en vs tiny-en-distil: \d+ of \d+ texts analysed$/);
      assert.equal(await nb().locator(".lmdiff-widget .lmdiff-progress").count(), 0, "the view took the progress bar's place");
      await page.screenshot({ path: path.join(SHOTS, "04-deno-progress-then-view.png") });
    } catch (e) {
      await page.screenshot({ path: path.join(SHOTS, "04-fail.png") });
      throw e;
    }
    assert.deepEqual(problems, []);
  },
);
