/**
 * One measurement of the real-size benchmark, in a process of its own so
 * that its peak memory is its alone (bench/realSize.bench.ts starts it):
 *
 *   node --import tsx bench/realSizeRun.ts forward MODEL_DIR DOCS B
 *   node --import tsx bench/realSizeRun.ts analyze MODEL_DIR DOCS
 *   node --import tsx bench/realSizeRun.ts transformersjs MODEL_DIR DOCS B
 *
 * Each loads the model, warms up once, then times one pass over the first
 * DOCS texts of fortunes-en, and prints one line `@@result {json}` on stdout
 * with the timings, the token count and process.resourceUsage().maxRSS (KB).
 * Whatever else a library prints goes before it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { analyze } from "../src/engine/analyze.ts";
import { causalRows } from "../src/engine/causalRows.ts";
import { inlineDataset, loadDataset } from "../src/engine/Dataset.ts";
import { forwardFeeds } from "../src/engine/forwardFeeds.ts";
import { loadModel } from "../src/engine/Model.ts";
import type { Row } from "../src/engine/Row.ts";
import { jsScoreRow } from "./jsScorer.ts";

const now = () => performance.now();
/** Texts warmed up with before the timed pass (the same for every mode). */
const WARM_DOCS = 32;
export const RESULT_PREFIX = "@@result ";

export interface RunResult {
  mode: string;
  model: string;
  docs: number;
  batch?: number;
  /** Tokens scored: the texts' tokens, each predicted once. */
  tokens: number;
  /** Tokens the forward passes ran, padding included (forward and transformersjs). */
  paddedTokens?: number;
  loadS: number;
  seconds: number;
  maxRssKB: number;
  workers?: number;
  fused?: boolean;
  library?: string;
}

function corpus(docs: number): string[] {
  return loadDataset(process.env.BENCH_DATA ?? "fortunes-en").texts.slice(0, docs);
}

/** The rows of the texts, in corpus order, in consecutive groups of B; each group's longest row first, as forwardFeeds wants. */
function corpusBatches(rows: Row[], B: number): Row[][] {
  const out: Row[][] = [];
  for (let i = 0; i < rows.length; i += B) out.push(rows.slice(i, i + B).sort((x, y) => y.input.length - x.input.length));
  return out;
}

const padded = (batches: Row[][]) => batches.reduce((s, b) => s + b.length * b[0].input.length, 0);

/** The bare forward pass: one plain session on all cores, logits returned to JavaScript, nothing computed on them. */
async function forward(dir: string, docs: number, B: number): Promise<RunResult> {
  let t0 = now();
  const m = await loadModel(dir, { fuse: false, workers: 0, threads: os.availableParallelism() });
  const loadS = (now() - t0) / 1000;
  const ids = corpus(docs).map((t) => m.encode(t));
  const tokens = ids.reduce((s, d) => s + d.length, 0);
  const rows = (d: Int32Array[]) => d.flatMap((x, i) => causalRows(i, x, m.bosId!, m.contextLength));
  for (const b of corpusBatches(rows(ids.slice(0, WARM_DOCS)), B)) await m.session.run(forwardFeeds(m, b), ["logits"]);
  const batches = corpusBatches(rows(ids), B);
  let check = 0;
  t0 = now();
  for (const b of batches) {
    const r = await m.session.run(forwardFeeds(m, b), ["logits"]);
    check += (r.logits.data as Float32Array)[0];
  }
  const seconds = (now() - t0) / 1000;
  if (!Number.isFinite(check)) throw new Error("non-finite logits");
  await m.dispose();
  return { mode: "forward", model: dir, docs, batch: B, tokens, paddedTokens: padded(batches), loadS, seconds, maxRssKB: 0 };
}

/** lmdiff's analyze with its defaults (fused statistics, default workers and batch size), tokenising included. */
async function analyzeRun(dir: string, docs: number): Promise<RunResult> {
  let t0 = now();
  const m = await loadModel(dir);
  const loadS = (now() - t0) / 1000;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-realsize-"));
  try {
    const texts = corpus(docs);
    // The warm-up also starts the scoring workers, as the engine bench's does.
    await analyze(m, inlineDataset(texts.slice(0, WARM_DOCS), "warm"), { output: path.join(out, "warm.arrow") });
    t0 = now();
    const cache = await analyze(m, inlineDataset(texts, "bench"), { output: path.join(out, "bench.arrow") });
    const seconds = (now() - t0) / 1000;
    const res: RunResult = {
      mode: "analyze",
      model: dir,
      docs,
      tokens: cache.nTokens,
      loadS,
      seconds,
      maxRssKB: 0,
      workers: m.workers,
      fused: m.fused,
    };
    await m.dispose();
    return res;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/** The parts of @huggingface/transformers used here (it is installed for the bench only, in bench/.deps). */
interface TjsTensor {
  data: Float32Array;
  dims: number[];
}
interface TransformersJs {
  env: { allowRemoteModels: boolean; version: string };
  Tensor: new (type: "int64", data: BigInt64Array, dims: number[]) => object;
  AutoTokenizer: { from_pretrained(id: string, o: object): Promise<{ encode(text: string, o: object): number[] }> };
  AutoModelForCausalLM: {
    from_pretrained(id: string, o: object): Promise<((feeds: object) => Promise<{ logits: TjsTensor }>) & { dispose(): Promise<unknown> }>;
  };
}

/**
 * What a TypeScript user would write with transformers.js: its tokenizer
 * and model, batches of B texts right-padded in corpus order, then each
 * position's probability, rank and top-10 of the actual token in plain
 * JavaScript (bench/jsScorer.ts).  Tokenising is not timed.
 */
async function transformersJs(dir: string, docs: number, B: number): Promise<RunResult> {
  const entry = path.join(__dirname, ".deps", "node_modules", "@huggingface", "transformers", "dist", "transformers.node.mjs");
  const tjs = (await import(pathToFileURL(entry).href)) as TransformersJs;
  tjs.env.allowRemoteModels = false;
  const abs = path.resolve(dir);
  const config = JSON.parse(fs.readFileSync(path.join(abs, "config.json"), "utf8")) as { vocab_size: number; bos_token_id: number };
  const V = config.vocab_size;
  const bos = config.bos_token_id;
  let t0 = now();
  const tokenizer = await tjs.AutoTokenizer.from_pretrained(abs, { local_files_only: true });
  // The same session settings as the bare forward pass, so the comparison is about what happens around it.
  const model = await tjs.AutoModelForCausalLM.from_pretrained(abs, {
    local_files_only: true,
    dtype: "fp32",
    device: "cpu",
    session_options: { intraOpNumThreads: os.availableParallelism(), interOpNumThreads: 1, graphOptimizationLevel: "all" },
  });
  const loadS = (now() - t0) / 1000;
  const ids = corpus(docs).map((t) => Int32Array.from(tokenizer.encode(t, { add_special_tokens: false })));
  const tokens = ids.reduce((s, d) => s + d.length, 0);
  const ctx = Number(
    (JSON.parse(fs.readFileSync(path.join(abs, "tokenizer_config.json"), "utf8")) as { model_max_length?: number }).model_max_length ??
      1024,
  );
  const rows = (d: Int32Array[]) => d.flatMap((x, i) => causalRows(i, x, bos, ctx));
  const k = 10;
  const topIds = new Int32Array(k);
  const topVals = new Float32Array(k);
  // What a user keeps per token: probability, rank and the top-k ids and probabilities.
  const kept = {
    prob: new Float32Array(tokens),
    rank: new Int32Array(tokens),
    topIds: new Int32Array(tokens * k),
    topProbs: new Float32Array(tokens * k),
  };
  const score = async (batches: Row[][]) => {
    let n = 0;
    for (const batch of batches) {
      const T = batch[0].input.length;
      const inp = new BigInt64Array(batch.length * T).fill(BigInt(bos));
      const mask = new BigInt64Array(batch.length * T);
      batch.forEach((r, i) =>
        r.input.forEach((id, j) => {
          inp[i * T + j] = BigInt(id);
          mask[i * T + j] = 1n;
        }),
      );
      const { logits } = await model({
        input_ids: new tjs.Tensor("int64", inp, [batch.length, T]),
        attention_mask: new tjs.Tensor("int64", mask, [batch.length, T]),
      });
      if (logits.dims[2] !== V) throw new Error(`logits have ${logits.dims[2]} columns, expected ${V}`);
      batch.forEach((r, i) => {
        for (let t = r.from; t <= r.to; t++, n++) {
          const off = (i * T + t - r.offset - 1) * V;
          // Position t of [BOS, ...text] holds token t - 1 of the text (the row's input stops before its last target).
          const target = ids[r.doc][t - 1];
          const s = jsScoreRow(logits.data, off, V, target, k, topIds, topVals);
          // log Σ exp(logits), from the target's logit and log-probability.
          const lse = logits.data[off + target] - s.logprob;
          kept.prob[n] = Math.exp(s.logprob);
          kept.rank[n] = s.rank;
          for (let j = 0; j < k; j++) {
            kept.topIds[n * k + j] = topIds[j];
            kept.topProbs[n * k + j] = Math.exp(topVals[j] - lse);
          }
        }
      });
    }
    return n;
  };
  await score(corpusBatches(rows(ids.slice(0, WARM_DOCS)), B));
  const batches = corpusBatches(rows(ids), B);
  t0 = now();
  const n = await score(batches);
  const seconds = (now() - t0) / 1000;
  if (n !== tokens) throw new Error(`scored ${n} tokens of ${tokens}`);
  await model.dispose();
  return {
    mode: "transformersjs",
    model: dir,
    docs,
    batch: B,
    tokens,
    paddedTokens: padded(batches),
    loadS,
    seconds,
    maxRssKB: 0,
    library: `@huggingface/transformers ${tjs.env.version}`,
  };
}

async function main() {
  const [mode, dir, docsArg, bArg] = process.argv.slice(2);
  const docs = Number(docsArg);
  const B = Number(bArg);
  if (!dir || !(docs > 0)) throw new Error("usage: realSizeRun.ts forward|analyze|transformersjs MODEL_DIR DOCS [B]");
  if (mode !== "analyze" && !(B >= 1)) throw new Error(`${mode} needs a batch size`);
  const res =
    mode === "forward"
      ? await forward(dir, docs, B)
      : mode === "analyze"
        ? await analyzeRun(dir, docs)
        : mode === "transformersjs"
          ? await transformersJs(dir, docs, B)
          : null;
  if (!res) throw new Error(`unknown mode ${mode}`);
  res.maxRssKB = process.resourceUsage().maxRSS;
  process.stdout.write(RESULT_PREFIX + JSON.stringify(res) + "\n");
}

if (require.main === module)
  main().then(
    // Exit at once: a library's idle threads must not keep the process (and the bench) waiting.
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
