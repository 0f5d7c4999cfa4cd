/**
 * Browser rendering benchmark: `node --import tsx bench/render.bench.ts`.
 * In headless Chromium (playwright-core) with the production IIFE bundle:
 *  - first render of a 2,000-token instance view,
 *  - hover response (pointerover on a token → updated DOM), median of 50,
 *  - first render of a 100,000-text global view,
 *  - re-render and re-sort of the global view on a measure change.
 * The baseline, measured in the same run, is rendering the fixture
 * (12 tokens / 12 texts), so the ratios say what size costs.
 * Prints a table and writes bench/results/render.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { fixtureCorpus, syntheticCorpus } from "../test/fixtures/corpus.js";
import { fixtureInstance, syntheticInstance } from "../test/fixtures/instance.js";
import { CHROMIUM_ARGS, fixturePage } from "../test/browser/fixturePage.js";

async function main() {
  const outDir = path.join(__dirname, "results");
  mkdirSync(outDir, { recursive: true });
  const page0 = fixturePage([]);
  const file = path.join(outDir, "bench-page.html");
  writeFileSync(file, page0);
  const browser = await chromium.launch({ executablePath: process.env.CHROME_BIN || "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
  await page.goto("file://" + file);
  const { instanceToJSON } = await import("../src/core/instanceJson.js");
  const { corpusToPayload } = await import("../test/browser/fixturePage.js");
  const set = (name: string, value: unknown) => page.evaluate(([n, v]) => ((window as any)[n as string] = v), [name, value] as const);
  await set("inst2000", instanceToJSON(syntheticInstance(2000, 11)));
  await set("instSmall", instanceToJSON(fixtureInstance()));
  await set("corpus100k", corpusToPayload(syntheticCorpus(100_000, 3)));
  await set("corpusSmall", corpusToPayload(fixtureCorpus()));

  const timeInstance = (key: string) =>
    page.evaluate(async (k) => {
      const W = (window as any).lmdiffWidgets;
      document.body.innerHTML = '<div style="width:800px" id="h"></div>';
      const data = W.instanceFromJSON((window as any)[k]);
      const t0 = performance.now();
      const e = document.createElement("lmdiff-instance-view") as any;
      e.data = data;
      document.getElementById("h")!.append(e);
      await e.updateComplete;
      e.shadowRoot.querySelector(".strip").getBoundingClientRect(); // force layout
      return performance.now() - t0;
    }, key);

  const timeHover = () =>
    page.evaluate(async () => {
      const e = document.querySelector("lmdiff-instance-view") as any;
      const toks = e.shadowRoot.querySelectorAll(".strip g.tok");
      const times: number[] = [];
      for (let j = 0; j < 50; j++) {
        const g = toks[(j * 37) % toks.length];
        const t0 = performance.now();
        g.dispatchEvent(new PointerEvent("pointerover", { bubbles: true, composed: true }));
        await e.updateComplete;
        const card = e.shadowRoot.querySelector(".details lmdiff-token-card");
        await card.updateComplete;
        card.getBoundingClientRect();
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      return times[times.length >> 1];
    });

  const timeGlobal = (key: string) =>
    page.evaluate(async (k) => {
      const W = (window as any).lmdiffWidgets;
      document.body.innerHTML = '<div style="width:800px" id="h"></div>';
      const data = W.corpusFromPayload((window as any)[k]);
      const t0 = performance.now();
      const e = document.createElement("lmdiff-global-view") as any;
      e.data = data;
      document.getElementById("h")!.append(e);
      await e.updateComplete;
      e.shadowRoot.querySelector("ol").getBoundingClientRect();
      const first = performance.now() - t0;
      const t1 = performance.now();
      e.measure = "rank_diff";
      await e.updateComplete;
      e.shadowRoot.querySelector("ol").getBoundingClientRect();
      return { first, change: performance.now() - t1 };
    }, key);

  const median = async <T>(f: () => Promise<T>, pick: (x: T) => number, n = 5) => {
    const xs: number[] = [];
    for (let i = 0; i < n; i++) xs.push(pick(await f()));
    xs.sort((a, b) => a - b);
    return xs[n >> 1];
  };

  await timeInstance("instSmall"); // warm up the JIT
  const rows: { case: string; ms: number; baseline_ms: number }[] = [];
  const instBase = await median(() => timeInstance("instSmall"), (x) => x);
  const inst = await median(() => timeInstance("inst2000"), (x) => x);
  rows.push({ case: "instance view, 2,000 tokens: first render", ms: inst, baseline_ms: instBase });
  await timeInstance("instSmall");
  const hoverBase = await timeHover();
  await timeInstance("inst2000");
  const hover = await timeHover();
  rows.push({ case: "instance view, 2,000 tokens: hover (median of 50)", ms: hover, baseline_ms: hoverBase });
  const gBase = await median(() => timeGlobal("corpusSmall"), (x) => x.first);
  const g = await median(() => timeGlobal("corpus100k"), (x) => x.first, 3);
  const gcBase = await median(() => timeGlobal("corpusSmall"), (x) => x.change);
  const gc = await median(() => timeGlobal("corpus100k"), (x) => x.change, 3);
  rows.push({ case: "global view, 100,000 texts: first render", ms: g, baseline_ms: gBase });
  rows.push({ case: "global view, 100,000 texts: measure change + re-sort", ms: gc, baseline_ms: gcBase });
  await browser.close();

  const version = browser.version?.() ?? "";
  console.log(`Chromium ${version}; baseline = the 12-token / 12-text fixture in the same run`);
  console.log("case".padEnd(56) + "ms".padStart(9) + "baseline".padStart(10) + "ratio".padStart(8));
  for (const r of rows)
    console.log(r.case.padEnd(56) + r.ms.toFixed(1).padStart(9) + r.baseline_ms.toFixed(1).padStart(10) + (r.ms / r.baseline_ms).toFixed(1).padStart(8));
  writeFileSync(path.join(outDir, "render.json"), JSON.stringify({ date: new Date().toISOString(), chromium: version, rows }, null, 2) + "\n");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
