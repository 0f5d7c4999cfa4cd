/**
 * The HTML of a notebook output in a real browser (Debian's headless
 * Chromium): the live element starts from its own data, survives hostile
 * text, works for several outputs on one page (those of one kernel session
 * from the first one's definition), and without scripts the static picture
 * remains.
 */
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { standaloneHtml } from "../../src/notebook/viewHtml.js";
import { resetWidgetsSession } from "../../src/notebook/widgetsSession.js";
import { CorpusComparison } from "../../src/api/CorpusComparison.js";
import { fallbackSizes, hoverToken, launch, stripScripts, viewStates } from "./browser.js";
import { fixtureCorpusComparison, nastyComparison, NASTY } from "./fixtures.js";

const OUT = path.resolve(__dirname, "../../test-output/notebook");
let browser: Browser;

before(async () => {
  mkdirSync(OUT, { recursive: true });
  browser = await launch();
});
after(() => browser?.close());

async function open(name: string, html: string) {
  const file = path.join(OUT, name);
  writeFileSync(file, html);
  const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto("file://" + file);
  return { page, errors };
}

test("toHTML({ standalone: true }) renders the live instance view, hides the picture and shows a token's card on hover", async () => {
  const { page, errors } = await open("standalone-instance.html", nastyComparison().toHTML({ standalone: true }));
  const [s] = await viewStates(page);
  assert.deepEqual(s, { live: true, fallbackHidden: true, kind: "instance", strip: true, error: null });
  const card = await hoverToken(page, 2);
  assert.match(card, /ü/);
  assert.equal(await page.evaluate(() => (window as { __pwned?: number }).__pwned), undefined, "text in the data never runs");
  const text = await page.locator("lmdiff-instance-view").evaluate((e) => (e as unknown as { data: { text: string } }).data.text);
  assert.ok(text.endsWith(NASTY), "the text arrives intact");
  await page.locator("lmdiff-view-v2").screenshot({ path: path.join(OUT, "standalone-instance.png") });
  assert.deepEqual(errors, []);
  await page.close();
});

test("several outputs on one page each render from their own data, including those parsed after the element was defined", async () => {
  const a = nastyComparison().toHTML({ measure: "rank_diff" });
  const b = fixtureCorpusComparison().toHTML();
  const c = nastyComparison().toHTML();
  const { page, errors } = await open("standalone-three.html", standaloneHtml([a, b, c].join("\n<hr>\n"), "three"));
  const states = await viewStates(page);
  assert.deepEqual(
    states.map((s) => [s.kind, s.live, s.fallbackHidden, s.error]),
    [
      ["instance", true, true, null],
      ["corpus", true, true, null],
      ["instance", true, true, null],
    ],
  );
  const measures = await page.$$eval("lmdiff-view-v2 > .lmdiff-live > lmdiff-instance-view", (els) =>
    els.map((e) => (e as unknown as { measure: string }).measure),
  );
  assert.deepEqual(measures, ["rank_diff", "prob_diff"]);
  const note = await page.locator("lmdiff-view-v2 .lmdiff-note").textContent();
  assert.match(note ?? "", /No token-level data is embedded/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("an output inserted later by script (as the classic Notebook does, scripts first, element attached after) renders", async () => {
  const html = nastyComparison().toHTML();
  const { page, errors } = await open("inserted.html", "<!doctype html><meta charset=utf-8><body><div id=out></div></body>");
  await page.evaluate((h) => {
    // Parse detached, run the scripts while detached, then attach: the classic Notebook's order.
    const holder = document.createElement("div");
    holder.innerHTML = h;
    for (const old of [...holder.querySelectorAll("script:not([type])")]) {
      const s = document.createElement("script");
      s.textContent = old.textContent;
      document.head.append(s);
      old.remove();
    }
    document.getElementById("out")!.append(...holder.childNodes);
  }, html);
  const [s] = await viewStates(page);
  assert.equal(s.live && s.strip && s.fallbackHidden, true);
  assert.deepEqual(errors, []);
  await page.close();
});

test("with its scripts stripped, an output shows the static picture at its size", async () => {
  const html = standaloneHtml([nastyComparison().toHTML(), fixtureCorpusComparison().toHTML()].join("\n"), "no scripts");
  const { page } = await open("standalone-noscript.html", stripScripts(html));
  await page.waitForFunction(() => [...document.images].every((i) => i.complete));
  const sizes = await fallbackSizes(page);
  assert.equal(sizes.length, 2);
  for (const s of sizes) {
    assert.equal(s.visible, true);
    assert.ok(s.natural > 0 && s.width > 100 && s.height > 50, JSON.stringify(s));
  }
  await page.screenshot({ path: path.join(OUT, "standalone-noscript.png"), fullPage: true });
  await page.close();
});

test("a corpus view loaded without caches still renders its global view", async () => {
  assert.ok(fixtureCorpusComparison() instanceof CorpusComparison);
  const { page } = await open("standalone-corpus.html", fixtureCorpusComparison().toHTML({ standalone: true }));
  const [s] = await viewStates(page);
  assert.equal(s.kind, "corpus");
  assert.equal(await page.locator("lmdiff-view-v2 lmdiff-global-view .hist svg").count(), 1);
  await page.close();
});

/** Three outputs of one kernel session: the first made carries the widgets bundle, the others the loader. */
function sessionOutputs(): { first: string; later: string[] } {
  resetWidgetsSession();
  const first = nastyComparison().toMimeBundle()["text/html"];
  const later = [
    fixtureCorpusComparison().toMimeBundle()["text/html"],
    nastyComparison().toMimeBundle({ measure: "rank_diff" })["text/html"],
  ];
  return { first, later };
}

test("outputs of one kernel session on one page all come alive from the first one's definition, also those above it", async () => {
  const { first, later } = sessionOutputs();
  assert.ok(!later.some((h) => h.includes("lmdiffWidgets")), "only the first carries the bundle");
  // An output made later may sit above the first one (cells run out of order).
  const { page, errors } = await open("session-order.html", standaloneHtml([later[0], first, later[1]].join("\n<hr>\n"), "session"));
  const states = await viewStates(page);
  assert.deepEqual(
    states.map((s) => [s.kind, s.live, s.fallbackHidden, s.error]),
    [
      ["corpus", true, true, null],
      ["instance", true, true, null],
      ["instance", true, true, null],
    ],
  );
  await page.waitForTimeout(1500);
  assert.equal(await page.locator(".lmdiff-hint").count(), 0, "no hint once the element is defined");
  assert.deepEqual(errors, []);
  await page.close();
});

test("without the session's first output, views keep their pictures and say why; the definition, once there, makes them live", async () => {
  const { first, later } = sessionOutputs();
  const { page, errors } = await open("session-missing.html", standaloneHtml(later.join("\n<hr>\n"), "no first output"));
  await page.locator(".lmdiff-hint").nth(1).waitFor({ timeout: 5_000 });
  const sizes = await fallbackSizes(page);
  assert.equal(sizes.length, 2);
  for (const s of sizes) assert.ok(s.visible && s.natural > 0 && s.width > 100, JSON.stringify(s));
  assert.equal(await page.locator("lmdiff-view-v2 > .lmdiff-live").count(), 0);
  assert.match((await page.locator(".lmdiff-hint").first().textContent()) ?? "", /first lmdiff view of a kernel session/);
  await page.screenshot({ path: path.join(OUT, "session-missing.png"), fullPage: true });
  // The first output arrives (its cell is run again after a restart), inserted as the classic Notebook does.
  await page.evaluate((h) => {
    const holder = document.createElement("div");
    holder.innerHTML = h;
    for (const old of [...holder.querySelectorAll("script:not([type])")]) {
      const s = document.createElement("script");
      s.textContent = old.textContent;
      document.head.append(s);
      old.remove();
    }
    document.body.append(...holder.childNodes);
  }, first);
  const states = await viewStates(page);
  assert.deepEqual(
    states.map((s) => [s.live, s.fallbackHidden, s.error]),
    [
      [true, true, null],
      [true, true, null],
      [true, true, null],
    ],
  );
  assert.equal(await page.locator(".lmdiff-hint").count(), 0, "the hints are gone");
  assert.deepEqual(errors, []);
  await page.close();
});
