/**
 * One measurement of the joint-scoring benchmark, in a process of its own
 * so that its peak memory is its alone (bench/joint.bench.ts starts it):
 *
 *   node --import tsx bench/jointRun.ts singles M1 M2 DOCS
 *   node --import tsx bench/jointRun.ts joint M1 M2 DOCS
 *
 * `singles`: analyze M1, then analyze M2 (what two separate analyses
 * cost); `joint`: analyzePair (both caches and the pair cache of the joint
 * measures in one run).  Both load the two models with their defaults and
 * keep them loaded together, as preprocess all does, warm up on a few
 * texts, then time the first DOCS texts of fortunes-en.  Prints one line
 * `@@result {json}` with the seconds, tokens and maxRSS (KB).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { analyze } from "../src/engine/analyze.ts";
import { analyzePair } from "../src/engine/analyzePair.ts";
import { inlineDataset, loadDataset } from "../src/engine/Dataset.ts";
import { loadModel } from "../src/engine/Model.ts";

const now = () => performance.now();
const WARM_DOCS = 32;
export const RESULT_PREFIX = "@@result ";

export interface JointRunResult {
  mode: "singles" | "joint";
  models: [string, string];
  docs: number;
  tokens: number;
  seconds: number;
  maxRssKB: number;
}

async function main() {
  const [mode, s1, s2, docsArg] = process.argv.slice(2);
  const docs = Number(docsArg);
  if ((mode !== "singles" && mode !== "joint") || !s1 || !s2 || !(docs > 0)) throw new Error("usage: jointRun.ts singles|joint M1 M2 DOCS");
  // The same folder twice is two models (two sessions), named apart.
  const m1 = await loadModel(s1, { name: "m1" });
  const m2 = await loadModel(s2, { name: "m2" });
  m1.shareMemoryWith([m2]);
  m2.shareMemoryWith([m1]);
  const texts = loadDataset(process.env.BENCH_DATA ?? "fortunes-en").texts.slice(0, docs);
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-joint-"));
  const file = (n: string) => path.join(out, n);
  try {
    const run = async (ds: ReturnType<typeof inlineDataset>, tag: string) => {
      if (mode === "joint") {
        const r = await analyzePair(m1, m2, ds, {
          outputs: { cache1: file(`${tag}-1`), cache2: file(`${tag}-2`), pair: file(`${tag}-p`) },
        });
        return r.cache1.nTokens;
      }
      const a = await analyze(m1, ds, { output: file(`${tag}-1`) });
      await analyze(m2, ds, { output: file(`${tag}-2`) });
      return a.nTokens;
    };
    // The warm-up also starts the scoring workers.
    await run(inlineDataset(texts.slice(0, WARM_DOCS), "warm"), "warm");
    const t0 = now();
    const tokens = await run(inlineDataset(texts, "bench"), "bench");
    const res: JointRunResult = { mode, models: [s1, s2], docs, tokens, seconds: (now() - t0) / 1000, maxRssKB: 0 };
    await m1.dispose();
    await m2.dispose();
    res.maxRssKB = process.resourceUsage().maxRSS;
    process.stdout.write(RESULT_PREFIX + JSON.stringify(res) + "\n");
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

if (require.main === module)
  main().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
