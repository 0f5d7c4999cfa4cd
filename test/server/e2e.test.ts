import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { CHROMIUM_ARGS } from "../helpers/chromiumArgs.ts";
import { chromium, type Browser, type Page } from "playwright-core";
import { M1, M2, N1, N2, TEXTS, tmpDir, writeCorpus } from "./fixtures.ts";

// End to end, as a user: the built CLI preprocesses a small corpus and
// serves it; headless Chromium opens the page, picks a measure, opens an
// outlier, hovers a token and analyses a new text.  Screenshots are kept
// in test-output/server/ for a person to look at.
const ROOT = path.join(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "lmdiff.js");
const SHOTS = path.join(ROOT, "test-output", "server");
const CHROMIUM = process.env.CHROME_BIN ?? "/usr/bin/chromium";

let server: ChildProcess;
let url: string;
let browser: Browser;
let page: Page;
const problems: string[] = [];
let stderr = "";

function startServe(dir: string): Promise<string> {
  server = spawn(process.execPath, [BIN, "serve", "--config", dir, "--port", "0", "--threads", "1"], {
    env: { ...process.env, LMDIFF_CACHE: path.join(dir, "cache") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stderr!.on("data", (c) => (stderr += c));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`lmdiff serve printed no URL in 60 s: ${stderr}`)), 60_000);
    let out = "";
    server.stdout!.on("data", (c) => {
      out += c;
      const m = /^(http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    server.on("exit", (code) => reject(new Error(`lmdiff serve exited with ${code}: ${stderr}`)));
  });
}

before(async () => {
  for (const f of ["lib/cjs/cli/serveCommand.js", "lib/cjs/server/createServer.js", "lib/browser/lmdiff-widgets.js"])
    assert.ok(fs.existsSync(path.join(ROOT, f)), `${f} is missing: run npm run build and npx webpack --config webpack.config.js first`);
  fs.mkdirSync(SHOTS, { recursive: true });
  const dir = tmpDir("e2e");
  const data = writeCorpus(dir);
  const pre = spawnSync(process.execPath, [BIN, "-q", "preprocess", "all", M1, M2, data, "--output-dir", path.join(dir, "out")], {
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, LMDIFF_CACHE: path.join(dir, "cache") },
  });
  assert.equal(pre.status, 0, pre.stderr);
  url = await startServe(path.join(dir, "out"));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
  });
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on("console", (m) => {
    if (m.type() === "error" || /Content Security Policy/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
  page.setDefaultTimeout(15_000);
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once("exit", r));
    server.kill("SIGINT");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (server.exitCode === null) server.kill("SIGKILL");
  }
});

const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, name), fullPage: true });

test("lmdiff serve prints the URL, and the page loads the corpus with the pickers filled in", { timeout: 60_000 }, async () => {
  await page.goto(url);
  await page.waitForSelector("lmdiff-global-view >> button.doc");
  assert.equal(await page.locator("#m1").inputValue(), N1);
  assert.equal(await page.locator("#m2").inputValue(), N2);
  assert.equal(await page.locator("#dataset").inputValue(), "small");
  // Model 2 never offers model 1 itself.
  assert.equal(await page.locator(`#m2 option[value="${N1}"]`).isDisabled(), true);
  assert.equal(await page.locator("lmdiff-global-view >> button.doc").count(), TEXTS.length);
  assert.match(await page.locator("#status").innerText(), new RegExp(`${TEXTS.length} texts`));
  await shot("01-global-view.png");
});

test("picking a measure in the global view re-ranks the texts by it", { timeout: 60_000 }, async () => {
  await page.selectOption("lmdiff-global-view >> select.measure", "rank_diff");
  await page.waitForFunction(() => {
    const gv = document.querySelector("#app")?.shadowRoot?.querySelector("lmdiff-global-view");
    return gv?.shadowRoot?.querySelector("button.doc")?.getAttribute("aria-label")?.includes("rank difference");
  });
  assert.equal(await page.locator("#app").evaluate((el) => (el as HTMLElement & { measure: string }).measure), "rank_diff");
  await shot("02-measure-rank-diff.png");
});

test("clicking an outlier shows its tokens from the server's caches", { timeout: 60_000 }, async () => {
  const first = page.locator("lmdiff-global-view >> button.doc").first();
  const index = Number(await first.getAttribute("data-doc"));
  await first.click();
  await page.waitForSelector("lmdiff-instance-view >> .strip g.tok");
  const tokens = await page.locator("lmdiff-instance-view >> .strip g.tok").count();
  assert.ok(tokens > 3);
  await page.waitForFunction(
    (i) => (document.querySelector("#app") as HTMLElement & { instance?: { index: number } }).instance?.index === i,
    index,
  );
  const strip = await page.locator("lmdiff-instance-view >> .strip").innerText();
  assert.equal(strip.replace(/\s+/g, ""), TEXTS[index].replace(/\s+/g, ""), "the strip shows the chosen text");
  await shot("03-outlier-instance.png");
});

test("hovering a token shows both models' predictions for it", { timeout: 60_000 }, async () => {
  await page.hover('lmdiff-instance-view >> .strip g.tok[data-i="2"]');
  await page.waitForSelector("lmdiff-instance-view >> lmdiff-token-card");
  const card = await page
    .locator("lmdiff-instance-view >> lmdiff-token-card")
    .first()
    .evaluate((el) => el.shadowRoot?.textContent ?? el.textContent ?? "");
  assert.match(card, new RegExp(N1));
  await shot("04-token-hover.png");
});

test("typing a new text and pressing compare analyses it live with both models", { timeout: 60_000 }, async () => {
  const text = "Fortune smiles on those who compare language models.";
  await page.fill("lmdiff-app >> textarea", text);
  await page.click("lmdiff-app >> button.analyze");
  await page.waitForFunction(
    (t) => (document.querySelector("#app") as HTMLElement & { instance?: { text: string } })?.instance?.text === t,
    text,
  );
  await page.waitForSelector("lmdiff-instance-view >> .strip g.tok");
  const shown = await page.locator("lmdiff-instance-view >> .strip").innerText();
  assert.equal(shown.replace(/\s+/g, ""), text.replace(/\s+/g, ""));
  await shot("05-live-analysis.png");
});

test("the page ran without console errors, failed requests or Content-Security-Policy violations", () => {
  assert.deepEqual(problems, []);
});

test("lmdiff serve stops cleanly on Ctrl-C", { timeout: 20_000 }, async () => {
  const exited = new Promise<number | null>((r) => server.once("exit", (code) => r(code)));
  server.kill("SIGINT");
  assert.equal(await exited, 0, stderr);
  assert.match(stderr, /lmdiff: serving .* at http:\/\/127\.0\.0\.1:\d+\//);
});
