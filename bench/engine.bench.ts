/**
 * Engine benchmark (`npm run bench`): throughput of analyze against the
 * bare forward pass and against the original tool's design, the cost of the
 * scoring statistics per vocabulary entry, and compareCaches on caches of
 * about a million tokens.  All figures come from one run on one machine and
 * are reported as ratios against baselines measured in the same run.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import * as ort from "onnxruntime-node";
import { AnalysisCache } from "../src/engine/AnalysisCache.ts";
import { analyze } from "../src/engine/analyze.ts";
import { compareCaches } from "../src/api/compare.ts";
import { inlineDataset, loadDataset } from "../src/engine/Dataset.ts";
import { loadModel, Model } from "../src/engine/Model.ts";
import { batchRows } from "../src/engine/batchRows.ts";
import { causalRows } from "../src/engine/causalRows.ts";
import { forwardFeeds } from "../src/engine/forwardFeeds.ts";
import type { Row } from "../src/engine/Row.ts";
import { toSpec } from "../src/engine/ScoreJob.ts";
import { Stats } from "../src/engine/Stats.ts";
import { jsScoreRow } from "./jsScorer.ts";
import { syntheticCache } from "./syntheticCache.ts";

const MODEL = process.env.BENCH_MODEL ?? "tiny-en";
const DOCS = Number(process.env.BENCH_DOCS ?? 800);
const out = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-bench-"));
const now = () => performance.now();

async function main() {
  // analyze runs the model with the statistics fused into its graph; the
  // ceiling and the original design run the model as exported.
  const m = await loadModel(MODEL);
  const plain = await loadModel(MODEL, { fuse: false });
  const texts = loadDataset(process.env.BENCH_DATA ?? "fortunes-en").texts.slice(0, DOCS);
  const docs = texts.map((t) => m.encode(t));
  const nTokens = docs.reduce((s, d) => s + d.length, 0);
  const V = m.vocabSize;
  const maxTokens = Number(process.env.BENCH_BATCH_TOKENS ?? m.scoringPlan.batchTokens);
  const batches = batchRows(
    docs.flatMap((d, i) => causalRows(i, d, m.bosId!, m.contextLength)),
    maxTokens,
  );

  // Warm up every path once.
  await plain.session.run(forwardFeeds(plain, batches[0]), ["logits"]);
  await analyze(m, inlineDataset(texts.slice(0, 200), "warm"), { output: path.join(out, "warm.arrow") });
  await m.scorerPool(); // started by the warm-up: (b) does not pay for starting workers

  // Each throughput is timed REPS times, the three interleaved so that a
  // busy spell on the machine hits all of them; the figures are the best of
  // the repetitions (the spread goes to the JSON file).
  const REPS = Number(process.env.BENCH_REPS ?? 3);
  const times = { inline: [] as number[], pool: [] as number[], analyze: [] as number[], original: [] as number[] };
  const threads = Math.max(1, Math.floor(os.availableParallelism() / m.workers));
  const k = 10;
  const topIds = new Int32Array(k);
  const topVals = new Float32Array(k);
  for (let rep = 0; rep < REPS; rep++) {
    // (a) the ceiling: the bare forward passes of the batches analyze runs,
    // on one session in-process and spread over the same worker threads
    // analyze uses; the faster of the two is the ceiling.
    let t0 = now();
    for (const b of batches) await plain.session.run(forwardFeeds(plain, b), ["logits"]);
    times.inline.push((now() - t0) / 1000);
    if (m.workers > 0) times.pool.push(await parallelForward(plain, batches, m.workers, threads));

    // (b) analyze: tokenise, forward, statistics, Arrow parts, final file.
    t0 = now();
    await analyze(m, inlineDataset(texts, "bench"), { output: path.join(out, `bench-${rep}.arrow`), batchTokens: maxTokens });
    times.analyze.push((now() - t0) / 1000);

    // (c) the original design: one text per forward pass, scoring in JavaScript.
    t0 = now();
    for (const d of docs) {
      for (const row of causalRows(0, d, m.bosId!, m.contextLength)) {
        const r = await plain.session.run(forwardFeeds(plain, [row]), ["logits"]);
        const L = r.logits.data as Float32Array;
        for (let t = row.from; t <= row.to; t++) jsScoreRow(L, (t - row.offset - 1) * V, V, d[t - 1], k, topIds, topVals);
      }
    }
    times.original.push((now() - t0) / 1000);
  }
  const best = (xs: number[]) => (xs.length ? Math.min(...xs) : Infinity);
  const forwardInlineS = best(times.inline);
  const forwardPoolS = best(times.pool);
  const forwardS = Math.min(forwardInlineS, forwardPoolS);
  const analyzeS = best(times.analyze);
  const originalS = best(times.original);

  // The scoring step alone, per vocabulary entry per token.
  const N = 2048;
  const logits = Float32Array.from({ length: N * V }, (_, i) => Math.sin(i * 12.9898) * 8);
  const targets = BigInt64Array.from({ length: N }, (_, i) => BigInt((i * 7919) % V));
  const stats = await Stats.get();
  await stats.run(logits, N, V, targets, k);
  let t0 = now();
  const reps = 5;
  for (let i = 0; i < reps; i++) await stats.run(logits, N, V, targets, k);
  const statsNs = ((now() - t0) * 1e6) / (reps * N * V);
  t0 = now();
  for (let r = 0; r < N; r++) jsScoreRow(logits, r * V, V, Number(targets[r]), k, topIds, topVals);
  const jsNs = ((now() - t0) * 1e6) / (N * V);

  // compareCaches on two synthetic caches of about a million tokens each.
  const big = Number(process.env.BENCH_CACHE_TOKENS ?? 1_000_000);
  const fa = await syntheticCache(path.join(out, "big1.arrow"), big, 1);
  const fb = await syntheticCache(path.join(out, "big2.arrow"), big, 2);
  t0 = now();
  const ca = AnalysisCache.open(fa);
  const cb = AnalysisCache.open(fb);
  const openS = (now() - t0) / 1000;
  t0 = now();
  const r = compareCaches(ca, cb);
  const compareS = (now() - t0) / 1000;
  if (r.length !== ca.meta.nDocs) throw new Error("compare lost rows");

  const res = {
    repetitions: REPS,
    seconds: times,
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}`,
    model: MODEL,
    docs: DOCS,
    batch_tokens: maxTokens,
    tokens: nTokens,
    vocab: V,
    workers: m.workers,
    forward_inline_tok_s: nTokens / forwardInlineS,
    forward_workers_tok_s: nTokens / forwardPoolS,
    forward_tok_s: nTokens / forwardS,
    analyze_tok_s: nTokens / analyzeS,
    original_tok_s: nTokens / originalS,
    analyze_vs_forward: forwardS / analyzeS,
    analyze_vs_original: originalS / analyzeS,
    stats_ns_per_entry: statsNs,
    js_scoring_ns_per_entry: jsNs,
    cache_tokens: ca.nTokens,
    cache_open_s: openS,
    compare_caches_s: compareS,
  };
  const rows: [string, string, string][] = [
    ["(a) bare forward pass, one session", `${res.forward_inline_tok_s.toFixed(0)} tok/s`, ""],
    [
      `(a) bare forward pass, ${m.workers} workers × ${threads} thread${threads > 1 ? "s" : ""}`,
      `${res.forward_workers_tok_s.toFixed(0)} tok/s`,
      "",
    ],
    ["(a) ceiling: the faster of the two", `${res.forward_tok_s.toFixed(0)} tok/s`, ""],
    ["(b) analyze", `${res.analyze_tok_s.toFixed(0)} tok/s`, `${res.analyze_vs_forward.toFixed(2)} × (a)  [target ≥ 0.70]`],
    [
      "(c) one text per pass, JS scoring",
      `${res.original_tok_s.toFixed(0)} tok/s`,
      `(b) = ${res.analyze_vs_original.toFixed(2)} × (c)  [target ≥ 3]`,
    ],
    ["scoring statistics (onnxruntime)", `${statsNs.toFixed(2)} ns/entry/token`, `[target ≤ 3]`],
    ["scoring in plain JavaScript", `${jsNs.toFixed(2)} ns/entry/token`, `${(jsNs / statsNs).toFixed(1)} × slower`],
    [`open two caches (${(ca.nTokens / 1e6).toFixed(2)} M tokens each)`, `${openS.toFixed(3)} s`, ""],
    ["compareCaches", `${compareS.toFixed(3)} s`, "[target < 1 s]"],
  ];
  console.log(`lmdiff engine benchmark: ${MODEL}, ${DOCS} texts (${nTokens} tokens), vocabulary ${V}, ${res.machine}; best of ${REPS}`);
  for (const [a, b, c] of rows) console.log(`${a.padEnd(42)} ${b.padStart(24)}  ${c}`);
  const resultsDir = process.env.BENCH_RESULTS ?? path.join(__dirname, "results");
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, "engine.json"), JSON.stringify(res, null, 2) + "\n");
  console.log(`wrote ${path.relative(process.cwd(), path.join(resultsDir, "engine.json"))}`);
  await m.dispose();
  await plain.dispose();
  fs.rmSync(out, { recursive: true, force: true });
}

/**
 * Seconds for the forward passes of `batches` split round-robin over
 * `workers` threads, each with its own plain session (bench/forwardWorker.ts);
 * timed from when every session is loaded and warm.
 */
async function parallelForward(m: Model, batches: Row[][], workers: number, threads: number): Promise<number> {
  const entry = path.join(__dirname, "forwardWorker.ts");
  const boot = `require("tsx/cjs/api").register(); require(${JSON.stringify(entry)});`;
  const ws = Array.from({ length: workers }, (_, w) => {
    const mine = batches
      .filter((_, i) => i % workers === w)
      .map((b) => Object.fromEntries(Object.entries(forwardFeeds(m, b)).map(([n, t]) => [n, toSpec(t)])));
    return new Worker(boot, { eval: true, execArgv: [], workerData: { onnx: m.onnxPath, threads, batches: mine } });
  });
  const next = (w: Worker) => new Promise((resolve, reject) => w.once("message", resolve).once("error", reject));
  await Promise.all(ws.map(next));
  const t0 = now();
  const done = Promise.all(ws.map(next));
  ws.forEach((w) => w.postMessage("go"));
  await done;
  const s = (now() - t0) / 1000;
  await Promise.all(ws.map((w) => w.terminate()));
  return s;
}

void ort;
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
