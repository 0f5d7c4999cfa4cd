/**
 * End to end: every notebook under notebooks/ is executed headlessly
 * (scripts/execute-notebooks.sh, nbconvert's executor, a temp folder), its
 * outputs are checked (one picture and packed data per view, the widgets
 * bundle in the first view only, the notebook within its size budget),
 * then it is exported with
 * `nbconvert --to html` and opened in headless Chromium: every live view
 * must render and a hovered token must show its card; a copy with every
 * script stripped must show the static pictures.  Notebooks whose bundled
 * models or corpora are not there yet are skipped (and say so).
 * Screenshots go to test-output/notebook/.
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { fallbackSizes, hoverToken, launch, stripScripts, viewStates } from "./browser.js";
import {
  committedNotebooks,
  expectedViews,
  figureOutputs,
  joined,
  missingNeeds,
  NOTEBOOK_BUDGET,
  OUT,
  readNotebook,
  ROOT,
  viewOutputs,
} from "./notebookFiles.js";

const EXECUTE_TIMEOUT_MS = 15 * 60_000; // one notebook, corpus analyses included (cached after the first run)
const CELL_TIMEOUT_S = 600;
let work: string;
let browser: Browser;

before(async () => {
  execFileSync("bash", ["scripts/execute-notebooks.sh", "--prepare"], { cwd: ROOT, stdio: "inherit", timeout: 15 * 60_000 });
  work = mkdtempSync(path.join(os.tmpdir(), "lmdiff-notebooks-"));
  mkdirSync(OUT, { recursive: true });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

for (const { file, kernel, name } of committedNotebooks()) {
  const missing = missingNeeds(readNotebook(file));
  const title = `${kernel}/${name} executes headlessly and its views render in the HTML export, or as pictures without scripts`;
  if (missing.length) {
    test(title, { skip: `needs ${missing.join(", ")}, not there yet` }, () => {});
    continue;
  }
  test(title, async () => {
    // 1. Execute into the temp folder.
    const run = spawnSync("bash", ["scripts/execute-notebooks.sh", "--out", work, "--timeout", String(CELL_TIMEOUT_S), file], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: EXECUTE_TIMEOUT_MS,
    });
    assert.equal(run.status, 0, `execution failed (${run.signal ?? run.status}):\n${run.stderr.slice(-4000)}`);
    const executed = path.join(work, kernel, `${name}.ipynb`);
    const nb = readNotebook(executed);

    // 2. The outputs: no errors; every view with its one picture, its packed
    //    data and one script; the widgets bundle in the first view only.
    const errors = nb.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.output_type === "error");
    assert.deepEqual(
      errors.map((e) => `${e.ename}: ${e.evalue}`),
      [],
    );
    const views = viewOutputs(nb);
    const figures = figureOutputs(nb);
    assert.equal(views.length + figures.length, expectedViews(nb), "one view (or figure) output per .show() (and per bare value in Deno)");
    assert.ok(views.length > 0);
    views.forEach((v, i) => {
      assert.deepEqual(
        Object.keys(v.data!).sort(),
        ["application/vnd.lmdiff.view+json", "text/html", "text/plain"],
        "lmdiff's entry for JupyterLab, and the picture not sent twice",
      );
      // The entry points at the HTML's data: the payload is not carried twice.
      assert.equal((v.data!["application/vnd.lmdiff.view+json"] as { payload?: string }).payload, "text/html");
      assert.match(joined(v.data!["text/plain"]), /^lmdiff: .+ \(model 1\) vs .+ \(model 2\) on /);
      const html = joined(v.data!["text/html"]);
      assert.equal(html.match(/<img class="lmdiff-fallback"[^>]*src="data:image\/svg\+xml;base64,/g)?.length, 1);
      assert.match(html, /<script type="application\/json" class="lmdiff-data">\{"gzip":"/);
      assert.equal((html.match(/<script>/g) ?? []).length, 1, "one inline script per output");
      assert.equal(html.includes("window.lmdiffWidgets"), i === 0, `the widgets bundle in the first view only (view ${i})`);
    });
    assert.ok(statSync(executed).size <= NOTEBOOK_BUDGET, `${name} executed is ${statSync(executed).size} bytes, over ${NOTEBOOK_BUDGET}`);
    if (kernel === "tslab" && name === "00-quickstart") {
      const printed = nb.cells
        .flatMap((c) => c.outputs ?? [])
        .map((o) => joined(o.text))
        .join("");
      assert.match(
        printed,
        /InstanceComparison: lmdiff: tiny-en \(model 1\) vs tiny-en-distil \(model 2\)/,
        "tslab prints a comparison's summary",
      );
    }

    // 3. nbconvert's HTML export in Chromium.
    const htmlDir = path.join(work, "html", kernel);
    const conv = spawnSync("/usr/bin/python3", ["-m", "nbconvert", "--to", "html", "--output-dir", htmlDir, executed], {
      encoding: "utf8",
      timeout: 120_000,
    });
    assert.equal(conv.status, 0, conv.stderr);
    const htmlFile = path.join(htmlDir, `${name}.html`);
    const page = await browser.newPage({ viewport: { width: 1000, height: 1200 } });
    const pageErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    await page.goto("file://" + htmlFile, { waitUntil: "domcontentloaded" });
    const states = await viewStates(page, 60_000);
    assert.equal(states.length, views.length);
    for (const s of states) assert.deepEqual([s.live, s.fallbackHidden, s.error], [true, true, null], JSON.stringify(s));
    assert.ok(
      states.some((s) => s.strip),
      "at least one token strip",
    );
    await page
      .locator("lmdiff-view-v2")
      .first()
      .screenshot({ path: path.join(OUT, `${kernel}-${name}.png`) });
    const card = await hoverToken(page, 1);
    assert.match(card, /model 1 .*model 2/s, "the hovered token's card names both models");
    // The viewport, with the pointer still on the token and its card showing.
    await page.screenshot({ path: path.join(OUT, `${kernel}-${name}.hover.png`) });
    assert.deepEqual(
      pageErrors.filter((e) => !/require|define|MathJax/i.test(e)),
      [],
    );
    await page.close();

    // 4. The same export with every script stripped: the pictures remain.
    const bare = path.join(htmlDir, `${name}.noscript.html`);
    writeFileSync(bare, stripScripts(readFileSync(htmlFile, "utf8")));
    const page2 = await browser.newPage({ viewport: { width: 1000, height: 1200 }, javaScriptEnabled: true });
    await page2.goto("file://" + bare, { waitUntil: "domcontentloaded" });
    await page2.waitForFunction(() => [...document.querySelectorAll("img.lmdiff-fallback")].every((i) => (i as HTMLImageElement).complete));
    const sizes = await fallbackSizes(page2);
    assert.equal(sizes.length, views.length);
    for (const s of sizes) assert.ok(s.visible && s.natural > 0 && s.width > 100 && s.height > 50, JSON.stringify(s));
    await page2
      .locator("img.lmdiff-fallback")
      .first()
      .screenshot({ path: path.join(OUT, `${kernel}-${name}.noscript.png`) });
    await page2.close();
  });
}
