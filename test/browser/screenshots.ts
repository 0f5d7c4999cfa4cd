/**
 * Screenshots of the widgets with the fixture data, for a person to look
 * at: `node --import tsx test/browser/screenshots.ts OUTDIR`.  Builds the
 * IIFE bundle if needed, opens a static page in headless Chromium, hovers
 * a token, and writes instance.png, global.png, app.png and
 * instance-dark.png to OUTDIR.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { fixtureCorpus } from "../fixtures/corpus.js";
import { fixtureInstance, syntheticInstance } from "../fixtures/instance.js";
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
  } finally {
    await browser.close();
  }
  console.log(out);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
