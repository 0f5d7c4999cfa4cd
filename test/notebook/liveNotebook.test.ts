/**
 * A live classic Notebook server (Debian's jupyter-notebook 6) on a free
 * loopback port with a token and a temp notebook folder: open the quick
 * start, run all cells in the browser, and check that the views render and
 * a hovered token shows its card, for tslab's kernel and for Deno's.
 * The committed (executed) outputs are not trusted when the notebook opens,
 * so they must show their static pictures; outputs made in the session are
 * trusted, so their scripts run.
 */
import assert from "node:assert/strict";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { fallbackSizes, hoverToken, launch, viewStates } from "./browser.js";
import { expectedViews, missingNeeds, OUT, readNotebook, ROOT, viewOutputs } from "./notebookFiles.js";

const START_TIMEOUT_MS = 60_000;
const RUN_TIMEOUT_MS = 5 * 60_000;
const token = randomBytes(16).toString("hex");
// Inside notebooks/, so that "lmdiff" resolves to this checkout as it does for the committed notebooks.
const dir = path.join(ROOT, "notebooks", `.live-${process.pid}`);
let server: ChildProcess | undefined;
let port = 0;
let browser: Browser;
let serverLog = "";

/** The parts of the classic Notebook's page global `Jupyter` that these tests use. */
interface ClassicNotebook {
  kernel?: { is_connected?: () => boolean };
  kernel_busy: boolean;
  execute_all_cells(): void;
  get_cells(): { cell_type: string; input_prompt_number?: number | string | null }[];
}
type NotebookWindow = Window & { Jupyter?: { notebook?: ClassicNotebook } };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

async function waitForServer(): Promise<void> {
  const until = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < until) {
    if (server?.exitCode !== null) throw new Error(`the Notebook server exited:\n${serverLog}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/status?token=${token}`);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the Notebook server did not start in ${START_TIMEOUT_MS} ms:\n${serverLog}`);
}

before(async () => {
  execFileSync("bash", ["scripts/execute-notebooks.sh", "--prepare"], { cwd: ROOT, stdio: "inherit", timeout: 15 * 60_000 });
  mkdirSync(dir, { recursive: true });
  mkdirSync(OUT, { recursive: true });
  for (const k of ["tslab", "deno"])
    copyFileSync(path.join(ROOT, "notebooks", k, "00-quickstart.ipynb"), path.join(dir, `${k}-quickstart.ipynb`));
  port = await freePort();
  server = spawn(
    "/usr/bin/python3",
    [
      "-m",
      "notebook",
      "--no-browser",
      "--allow-root",
      "--ip=127.0.0.1",
      `--port=${port}`,
      "--port-retries=0",
      `--NotebookApp.token=${token}`,
      `--notebook-dir=${dir}`,
    ],
    {
      cwd: dir,
      env: { ...process.env, PATH: `${path.join(ROOT, "node_modules", ".bin")}:${process.env.PATH}` },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  server.stdout!.on("data", (b) => (serverLog += b));
  server.stderr!.on("data", (b) => (serverLog += b));
  await waitForServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    // Shut down through the API so the kernels stop too, then make sure.
    await fetch(`http://127.0.0.1:${port}/api/shutdown?token=${token}`, { method: "POST" }).catch(() => {});
    await new Promise((r) => setTimeout(r, 1000));
    if (server.exitCode === null) server.kill("SIGTERM");
  }
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
});

async function openNotebook(page: Page, file: string): Promise<void> {
  const ready = () =>
    page.waitForFunction(
      () => {
        const nb = (window as NotebookWindow).Jupyter?.notebook;
        return nb?.kernel?.is_connected?.() && nb.kernel_busy === false;
      },
      undefined,
      { timeout: START_TIMEOUT_MS },
    );
  await page.goto(`http://127.0.0.1:${port}/notebooks/${file}?token=${token}`);
  try {
    await ready();
  } catch {
    // Once in the full suite the tslab kernel was not ready within the wait
    // (alone the test takes about 11 s; the cause was not found): a reload
    // connects the page to the kernel afresh and waits once more.
    await page.reload();
    await ready();
  }
}

async function runAll(page: Page): Promise<void> {
  await page.evaluate(() => (window as NotebookWindow).Jupyter!.notebook!.execute_all_cells());
  // Done when no code cell waits ("*") and the kernel is idle.
  await page.waitForFunction(
    () => {
      const nb = (window as NotebookWindow).Jupyter!.notebook!;
      return (
        !nb.kernel_busy &&
        nb
          .get_cells()
          .every(
            (c) =>
              c.cell_type !== "code" ||
              (c.input_prompt_number !== "*" && c.input_prompt_number !== undefined && c.input_prompt_number !== null),
          )
      );
    },
    undefined,
    { timeout: RUN_TIMEOUT_MS, polling: 500 },
  );
}

for (const kernel of ["tslab", "deno"]) {
  const nb = readNotebook(path.join(ROOT, "notebooks", kernel, "00-quickstart.ipynb"));
  const missing = missingNeeds(nb);
  test(
    `a live classic Notebook runs the ${kernel} quick start and its views render and respond to hover`,
    { skip: missing.length ? `needs ${missing.join(", ")}` : false },
    async () => {
      const page = await browser.newPage({ viewport: { width: 1100, height: 2200 } });
      try {
        await openNotebook(page, `${kernel}-quickstart.ipynb`);
        // The committed notebook's outputs are not trusted here: the Notebook strips their
        // scripts, and what remains of each view is its static picture.
        const committed = viewOutputs(nb).length;
        if (committed > 0) {
          await page.waitForFunction(() =>
            [...document.querySelectorAll("img.lmdiff-fallback")].every((i) => (i as HTMLImageElement).complete),
          );
          const sizes = await fallbackSizes(page);
          assert.equal(sizes.length, committed, "one picture per committed view");
          for (const s of sizes) assert.ok(s.visible && s.natural > 0 && s.width > 100, JSON.stringify(s));
          assert.equal(await page.locator("lmdiff-view-v2 .lmdiff-live").count(), 0, "untrusted scripts did not run");
          await page
            .locator("img.lmdiff-fallback")
            .first()
            .screenshot({ path: path.join(OUT, `live-${kernel}-untrusted.png`) });
        }
        await runAll(page);
        const errors = await page.$$eval(".output_error", (els) => els.map((e) => e.textContent));
        assert.deepEqual(errors, []);
        const states = await viewStates(page, 60_000);
        assert.equal(states.length, expectedViews(nb), `one view per display cell; server log:\n${serverLog.slice(-2000)}`);
        for (const s of states) assert.deepEqual([s.live, s.fallbackHidden, s.error], [true, true, null]);
        const card = await hoverToken(page, 1);
        assert.match(card, /model 1 .*model 2/s);
        await page.screenshot({ path: path.join(OUT, `live-${kernel}-quickstart.png`) });
      } finally {
        await page.close();
      }
    },
  );
}
