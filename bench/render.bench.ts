/**
 * Browser rendering benchmark: `node --import tsx bench/render.bench.ts`.
 * In headless Chromium (playwright-core) with the production IIFE bundle:
 *  - first render of a 2,000-token instance view,
 *  - hover response (pointerover on a token → updated DOM), median of 50,
 *  - first render of a 100,000-text global view,
 *  - re-render and re-sort of the global view on a measure change.
 * The baseline, measured in the same run, is rendering the fixture
 * (12 tokens / 12 texts), so the ratios say what size costs.
 *
 * `--compare OTHER_BUNDLE.js` also runs every case with another build of
 * the IIFE bundle (e.g. one built from the last commit) on a page of its
 * own in the same browser, alternating the two pages case by case so that
 * both see the same machine load, and prints the ratio new / other.
 * Prints a table and writes bench/results/render.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { fixtureCorpus, syntheticCorpus } from "../test/fixtures/corpus.js";
import { fixtureInstance, syntheticInstance } from "../test/fixtures/instance.js";
import { CHROMIUM_ARGS, fixturePage } from "../test/browser/fixturePage.js";
import type { InstanceJSON } from "../src/core/instanceJson.js";
import type { InstanceData } from "../src/core/InstanceData.js";
import type { CorpusPayload } from "../src/core/corpusJson.js";
import type { LmdiffTokenCard } from "../src/widgets/index.js";

/** What the bench page's window holds: the widgets bundle, and the data `set` stores by name. */
type BenchWindow = { lmdiffWidgets: typeof import("../src/widgets/index.js") } & Record<string, unknown>;

interface Row {
  case: string;
  ms: number;
  baseline_ms: number;
  /** The same case with the --compare bundle, when given. */
  compare_ms?: number;
}

async function openPage(browser: Browser, bundle: string | undefined, file: string): Promise<Page> {
  writeFileSync(file, fixturePage([], { bundle }));
  const page = await browser.newPage({ viewport: { width: 900, height: 1000 } });
  await page.goto("file://" + file);
  const { instanceToJSON } = await import("../src/core/instanceJson.js");
  const { corpusToPayload } = await import("../src/core/corpusJson.js");
  const set = (name: string, value: unknown) =>
    page.evaluate(([n, v]) => ((window as unknown as BenchWindow)[n] = v), [name, value] as const);
  await set("inst2000", instanceToJSON(syntheticInstance(2000, 11)));
  await set("instSmall", instanceToJSON(fixtureInstance()));
  await set("corpus100k", corpusToPayload(syntheticCorpus(100_000, 3)));
  await set("corpusSmall", corpusToPayload(fixtureCorpus()));
  return page;
}

/** The timed cases of one page, each a function giving one row's (ms, baseline_ms). */
function cases(page: Page): { name: string; run: () => Promise<[number, number]> }[] {
  // First render; with `complete`, until every band of the strip holds its
  // tokens (the view fills bands scrolled out of sight after the first render).
  const timeInstance = (key: string, complete = false) =>
    page.evaluate(
      async ([k, all]) => {
        const g = window as unknown as BenchWindow;
        const W = g.lmdiffWidgets;
        document.body.innerHTML = '<div style="width:800px" id="h"></div>';
        const data = W.instanceFromJSON(g[k] as InstanceJSON) as InstanceData;
        const t0 = performance.now();
        const e = document.createElement("lmdiff-instance-view");
        e.data = data;
        document.getElementById("h")!.append(e);
        await e.updateComplete;
        if (all) while (e.shadowRoot!.querySelector(".strip .band:empty")) await new Promise((r) => setTimeout(r, 0));
        e.shadowRoot!.querySelector(".strip")!.getBoundingClientRect(); // force layout
        return performance.now() - t0;
      },
      [key, complete] as const,
    );
  const timeInstanceComplete = (key: string) => timeInstance(key, true);

  const timeHover = () =>
    page.evaluate(async () => {
      const e = document.querySelector("lmdiff-instance-view")!;
      const toks = e.shadowRoot!.querySelectorAll(".strip g.tok");
      const times: number[] = [];
      for (let j = 0; j < 50; j++) {
        const g = toks[(j * 37) % toks.length];
        const t0 = performance.now();
        g.dispatchEvent(new PointerEvent("pointerover", { bubbles: true, composed: true }));
        await e.updateComplete;
        const card = e.shadowRoot!.querySelector<LmdiffTokenCard>(".details lmdiff-token-card")!;
        await card.updateComplete;
        card.getBoundingClientRect();
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      return times[times.length >> 1];
    });

  const timeGlobal = (key: string) =>
    page.evaluate(async (k) => {
      const g = window as unknown as BenchWindow;
      const W = g.lmdiffWidgets;
      document.body.innerHTML = '<div style="width:800px" id="h"></div>';
      const data = W.corpusFromPayload(g[k] as CorpusPayload);
      const t0 = performance.now();
      const e = document.createElement("lmdiff-global-view");
      e.data = data;
      document.getElementById("h")!.append(e);
      await e.updateComplete;
      e.shadowRoot!.querySelector("ol")!.getBoundingClientRect();
      const first = performance.now() - t0;
      const t1 = performance.now();
      e.measure = "rank_diff";
      await e.updateComplete;
      e.shadowRoot!.querySelector("ol")!.getBoundingClientRect();
      return { first, change: performance.now() - t1 };
    }, key);

  const median = async <T>(f: () => Promise<T>, pick: (x: T) => number, n = 5) => {
    const xs: number[] = [];
    for (let i = 0; i < n; i++) xs.push(pick(await f()));
    xs.sort((a, b) => a - b);
    return xs[n >> 1];
  };

  return [
    {
      name: "instance view, 2,000 tokens: first render",
      run: async () => {
        await timeInstance("instSmall"); // warm up the JIT
        const base = await median(
          () => timeInstance("instSmall"),
          (x) => x,
        );
        // Median of 9: on a shared machine single renders vary by ±20 %.
        return [
          await median(
            () => timeInstance("inst2000"),
            (x) => x,
            9,
          ),
          base,
        ];
      },
    },
    {
      name: "instance view, 2,000 tokens: whole strip drawn",
      run: async () => [
        await median(
          () => timeInstanceComplete("inst2000"),
          (x) => x,
        ),
        await median(
          () => timeInstanceComplete("instSmall"),
          (x) => x,
        ),
      ],
    },
    {
      name: "instance view, 2,000 tokens: hover (median of 50)",
      run: async () => {
        await timeInstance("instSmall");
        const base = await timeHover();
        await timeInstance("inst2000");
        return [await timeHover(), base];
      },
    },
    {
      name: "global view, 100,000 texts: first render",
      run: async () => [
        await median(
          () => timeGlobal("corpus100k"),
          (x) => x.first,
          3,
        ),
        await median(
          () => timeGlobal("corpusSmall"),
          (x) => x.first,
        ),
      ],
    },
    {
      name: "global view, 100,000 texts: measure change + re-sort",
      run: async () => [
        await median(
          () => timeGlobal("corpus100k"),
          (x) => x.change,
          3,
        ),
        await median(
          () => timeGlobal("corpusSmall"),
          (x) => x.change,
        ),
      ],
    },
  ];
}

async function main() {
  const outDir = process.env.BENCH_RESULTS ?? path.join(__dirname, "results");
  mkdirSync(outDir, { recursive: true });
  const at = process.argv.indexOf("--compare");
  const compareBundle = at >= 0 ? path.resolve(process.argv[at + 1]) : undefined;
  const browser = await chromium.launch({ executablePath: process.env.CHROME_BIN || "/usr/bin/chromium", args: CHROMIUM_ARGS });
  const page = await openPage(browser, undefined, path.join(outDir, "bench-page.html"));
  const other = compareBundle ? await openPage(browser, compareBundle, path.join(outDir, "bench-page-compare.html")) : null;
  const mine = cases(page);
  const theirs = other ? cases(other) : null;
  const rows: Row[] = [];
  for (let c = 0; c < mine.length; c++) {
    const [ms, baseline_ms] = await mine[c].run();
    const row: Row = { case: mine[c].name, ms, baseline_ms };
    if (theirs) row.compare_ms = (await theirs[c].run())[0];
    rows.push(row);
  }
  const version = browser.version?.() ?? "";
  await browser.close();

  console.log(
    `Chromium ${version}; baseline = the 12-token / 12-text fixture in the same run` +
      (compareBundle ? `; compare = ${compareBundle}` : ""),
  );
  console.log(
    "case".padEnd(56) +
      "ms".padStart(9) +
      "baseline".padStart(10) +
      "ratio".padStart(8) +
      (compareBundle ? "compare".padStart(10) + "new/cmp".padStart(9) : ""),
  );
  for (const r of rows)
    console.log(
      r.case.padEnd(56) +
        r.ms.toFixed(1).padStart(9) +
        r.baseline_ms.toFixed(1).padStart(10) +
        (r.ms / r.baseline_ms).toFixed(1).padStart(8) +
        (r.compare_ms !== undefined ? r.compare_ms.toFixed(1).padStart(10) + (r.ms / r.compare_ms).toFixed(2).padStart(9) : ""),
    );
  writeFileSync(
    path.join(outDir, "render.json"),
    JSON.stringify({ date: new Date().toISOString(), chromium: version, compare: compareBundle ?? null, rows }, null, 2) + "\n",
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
