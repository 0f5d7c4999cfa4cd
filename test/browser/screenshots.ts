/**
 * Screenshots of the widgets with the fixture data, for a person to look
 * at: `node --import tsx test/browser/screenshots.ts OUTDIR`.  Builds the
 * IIFE bundle if needed, opens a static page in headless Chromium, hovers
 * a token, and writes instance.png, global.png, app.png and
 * instance-dark.png to OUTDIR; then, for the views of a joint run,
 * global-pair.png (the two lists ranked by significance and the KL
 * scatter), global-pair-wide.png (the scatter beside the histogram),
 * instance-kl.png (the strip coloured by KL, a token's card with the pair
 * measures) and app-pair.png.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { fixtureCorpus } from "../fixtures/corpus.js";
import { fixtureInstance, syntheticInstance } from "../fixtures/instance.js";
import { fixturePairCorpus, fixturePairInstance } from "../fixtures/pair.js";
import { CHROMIUM_ARGS, fixturePage } from "./fixturePage.js";

async function main() {
  const out = path.resolve(process.argv[2] ?? "test-output/screenshots");
  mkdirSync(out, { recursive: true });
  const inst = fixtureInstance();
  const appInst = { ...syntheticInstance(120, 7), index: 7 };
  const html = (dark: boolean) =>
    fixturePage(
      [
        { id: "instance", tag: "instance", instance: inst },
        { id: "global", tag: "global", corpus: fixtureCorpus() },
        { id: "app", tag: "app", corpus: fixtureCorpus(), instances: [appInst] },
      ],
      { dark },
    );
  const browser = await chromium.launch({ executablePath: process.env.CHROME_BIN || "/usr/bin/chromium", args: CHROMIUM_ARGS });
  try {
    for (const dark of [false, true]) {
      const page = await browser.newPage({ viewport: { width: 840, height: 1000 }, colorScheme: dark ? "dark" : "light" });
      const file = path.join(out, dark ? "page-dark.html" : "page.html");
      writeFileSync(file, html(dark));
      await page.goto("file://" + file);
      await page.waitForFunction(() => document.querySelector("lmdiff-instance-view")?.shadowRoot?.querySelector(".strip svg"));
      // Hover token 4 ("ller") in the instance view.
      await page.locator("#instance lmdiff-instance-view .strip g.tok[data-i='3'] rect").first().hover();
      await page.waitForTimeout(100);
      const suffix = dark ? "-dark" : "";
      await page.locator("#instance").screenshot({ path: path.join(out, `instance${suffix}.png`) });
      if (!dark) {
        await page.locator("#global").screenshot({ path: path.join(out, "global.png") });
        await page.locator("#app lmdiff-global-view").locator("button.doc[data-doc='7']").click();
        await page.waitForTimeout(200);
        await page.locator("#app").screenshot({ path: path.join(out, "app.png") });
      }
      await page.close();
    }
    // Tall enough that no screenshot scrolls the page, which would move the hovered token from under the pointer.
    const page = await browser.newPage({ viewport: { width: 840, height: 2600 } });
    const file = path.join(out, "page-pair.html");
    writeFileSync(
      file,
      fixturePage([
        { id: "global", tag: "global", corpus: fixturePairCorpus() },
        { id: "instance", tag: "instance", instance: fixturePairInstance() },
        { id: "app", tag: "app", corpus: fixturePairCorpus(), instances: [{ ...fixturePairInstance(), index: 5 }] },
      ]),
    );
    await page.goto("file://" + file);
    await page.waitForFunction(() => document.querySelector("lmdiff-global-view")?.shadowRoot?.querySelector(".scatter svg"));
    await page.locator("#global").screenshot({ path: path.join(out, "global-pair.png") });
    const inst = page.locator("#instance lmdiff-instance-view");
    await inst.locator("select.measure").selectOption("kl");
    await page.waitForTimeout(100);
    await inst.locator(".strip g.tok[data-i='9'] rect").first().hover();
    await page.waitForTimeout(100);
    await page.locator("#instance").screenshot({ path: path.join(out, "instance-kl.png") });
    await page.locator("#app lmdiff-global-view").locator(".scatter circle.pt[data-doc='5']").click();
    await page.waitForTimeout(200);
    await page.locator("#app").screenshot({ path: path.join(out, "app-pair.png") });
    await page.close();
    // A wide view puts the scatter beside the histogram.
    const wide = await browser.newPage({ viewport: { width: 1240, height: 1400 } });
    const wideFile = path.join(out, "page-pair-wide.html");
    writeFileSync(wideFile, fixturePage([{ id: "global", tag: "global", corpus: fixturePairCorpus() }], { width: 1200 }));
    await wide.goto("file://" + wideFile);
    await wide.waitForFunction(() => document.querySelector("lmdiff-global-view")?.shadowRoot?.querySelector(".scatter svg"));
    await wide.locator("#global").screenshot({ path: path.join(out, "global-pair-wide.png") });
    await wide.close();
  } finally {
    await browser.close();
  }
  console.log(out);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
