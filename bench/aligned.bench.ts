/**
 * Comparing two models of different tokenizers (`node --import tsx bench/aligned.bench.ts`):
 * compareCaches on the caches of two tokenizers (each text's tokens lined
 * up with its bytes, bits spread per byte, bits_diff aggregated) against
 * compareCaches on two caches of one tokenizer (the token measures), the
 * baseline, on the same texts, in the same run.  Figures: time and peak
 * RSS of the comparison on bytes over those of the token comparison
 * (targets ≤ 2 and ≤ 1.25: lining up the texts must not cost more than
 * the token measures do, and must not hold more than a text at a time).
 *
 *   bundled: tiny-en vs tiny-de (bytes) and tiny-en vs tiny-en-distil (tokens)
 *            on the first BENCH_ALIGNED_DOCS texts (default 800) of
 *            fortunes-en and of fortunes-de;
 *   real size, when bench/.models/gpt2-small exists (see realSize.bench.ts):
 *            GPT-2 small (50,257-entry byte-level BPE) vs tiny-de (bytes) and
 *            vs itself (tokens), on BENCH_ALIGNED_REAL_DOCS
 *            texts (default 400; BENCH_REAL=0 leaves it out), so that the cost of a real vocabulary's
 *            tokenizer (loading it, decoding its tokens) is in the figure.
 *
 * Caches are made once in a temporary folder (not timed); every comparison
 * runs in a fresh process (peak = VmHWM), repetitions (BENCH_REPS)
 * interleaved, best time and highest peak kept.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compareCaches } from "../src/api/compare.ts";
import { analyze } from "../src/engine/analyze.ts";
import { inlineDataset, loadDataset } from "../src/engine/Dataset.ts";
import { CacheReader } from "../src/engine/CacheReader.ts";
import { metaVocabulary } from "../src/engine/metaVocabulary.ts";
import { loadModel } from "../src/engine/Model.ts";
import { writeResults } from "./writeResults.ts";
import { procStatus } from "./procStatus.ts";

interface Measured {
  seconds: number;
  peak: number;
  start: number;
  docs: number;
}

const MiB = 2 ** 20;
const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 1));

/** One comparison in this fresh process: the table, and every column read once (as a user's first look would). */
function child(a: string, b: string): void {
  if (process.argv.includes("--vocab")) {
    // The one-off part of a comparison on bytes: reading both tokenizers.
    const t0 = performance.now();
    for (const f of [a, b]) metaVocabulary(CacheReader.open(f).meta).surfaces([0]);
    process.stdout.write(JSON.stringify({ seconds: (performance.now() - t0) / 1000, peak: procStatus("VmHWM"), start: 0, docs: 0 }) + "\n");
    return;
  }
  const start = procStatus("VmRSS");
  const t0 = performance.now();
  const r = compareCaches(a, b);
  const docs = r.length;
  r.top(r.defaultMeasure, { k: 50 });
  const seconds = (performance.now() - t0) / 1000;
  process.stdout.write(JSON.stringify({ seconds, peak: procStatus("VmHWM"), start, docs }) + "\n");
}

function measure(a: string, b: string, vocab = false): Measured {
  const args = ["--import", "tsx", __filename, "--child", a, b, ...(vocab ? ["--vocab"] : [])];
  const out = execFileSync(process.execPath, args, { encoding: "utf8", maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split("\n").pop()!) as Measured;
}

async function cache(dir: string, spec: string, texts: string[], name: string): Promise<{ file: string; tokens: number }> {
  const m = await loadModel(spec);
  try {
    const file = path.join(dir, `${path.basename(spec)}-${name}.arrow`);
    const c = await analyze(m, inlineDataset(texts, name), { output: file });
    return { file, tokens: c.doc.length };
  } finally {
    await m.dispose();
  }
}

interface Row {
  pair: string;
  docs: number;
  tokens: number;
  bytes_seconds: number;
  tokens_seconds: number;
  bytes_peak: number;
  tokens_peak: number;
  time_ratio: number;
  peak_ratio: number;
  /** Reading both tokenizers, once per comparison (in the bytes time). */
  vocab_seconds: number;
  /** (bytes − vocab) / tokens: the per-text cost of lining up, without the one-off tokenizer load. */
  marginal_time_ratio: number;
}

function pairRow(label: string, aligned: [string, string], same: [string, string], tokens: number): Row {
  const runs: { bytes: Measured[]; tokens: Measured[]; vocab: Measured[] } = { bytes: [], tokens: [], vocab: [] };
  for (let rep = 0; rep < REPS; rep++) {
    runs.bytes.push(measure(...aligned));
    runs.tokens.push(measure(...same));
    runs.vocab.push(measure(...aligned, true));
  }
  const vocab = Math.min(...runs.vocab.map((r) => r.seconds));
  const best = (rs: Measured[]) => ({
    seconds: Math.min(...rs.map((r) => r.seconds)),
    peak: Math.max(...rs.map((r) => r.peak)),
    docs: rs[0].docs,
  });
  const [b, t] = [best(runs.bytes), best(runs.tokens)];
  return {
    pair: label,
    docs: b.docs,
    tokens,
    bytes_seconds: b.seconds,
    tokens_seconds: t.seconds,
    bytes_peak: b.peak,
    tokens_peak: t.peak,
    time_ratio: b.seconds / t.seconds,
    peak_ratio: b.peak / t.peak,
    vocab_seconds: vocab,
    marginal_time_ratio: (b.seconds - vocab) / t.seconds,
  };
}

async function main() {
  const n = Number(process.env.BENCH_ALIGNED_DOCS ?? 800);
  const texts = [...loadDataset("fortunes-en").texts.slice(0, n), ...loadDataset("fortunes-de").texts.slice(0, n)];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-aligned-bench-"));
  const rows: Row[] = [];
  try {
    const en = await cache(dir, "tiny-en", texts, "mixed");
    const de = await cache(dir, "tiny-de", texts, "mixed");
    const distil = await cache(dir, "tiny-en-distil", texts, "mixed");
    rows.push(
      pairRow("tiny-en vs tiny-de (bytes) / tiny-en vs tiny-en-distil (tokens)", [en.file, de.file], [en.file, distil.file], en.tokens),
    );
    const gpt2 = path.join(__dirname, ".models", "gpt2-small");
    if (process.env.BENCH_REAL !== "0" && fs.existsSync(path.join(gpt2, "onnx"))) {
      const m = Number(process.env.BENCH_ALIGNED_REAL_DOCS ?? 400);
      const real = [...texts.slice(0, m / 2), ...texts.slice(n, n + m / 2)];
      const g = await cache(dir, gpt2, real, "real");
      const g2 = path.join(dir, "gpt2-small-copy.arrow");
      fs.copyFileSync(g.file, g2);
      const d = await cache(dir, "tiny-de", real, "real");
      rows.push(pairRow("gpt2-small vs tiny-de (bytes) / gpt2-small vs itself (tokens)", [g.file, d.file], [g.file, g2], g.tokens));
    } else console.log("real size: skipped (bench/.models/gpt2-small is made by bench/makeRealModels.sh; see realSize.bench.ts)");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const res = {
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
    reps: REPS,
    rows,
  };
  console.log(`lmdiff comparison of two tokenizers (on bytes) against one (on tokens): ${res.machine}`);
  for (const r of rows) {
    console.log(`${r.pair}: ${r.docs} texts, ${r.tokens} tokens of model 1`);
    console.log(
      `  on bytes  ${r.bytes_seconds.toFixed(2)} s, peak ${(r.bytes_peak / MiB).toFixed(0)} MiB` +
        `\n  on tokens ${r.tokens_seconds.toFixed(2)} s, peak ${(r.tokens_peak / MiB).toFixed(0)} MiB` +
        `\n  ratio: time ${r.time_ratio.toFixed(2)} [target ≤ 2], peak ${r.peak_ratio.toFixed(2)} [target ≤ 1.25]` +
        `\n  of which reading both tokenizers ${r.vocab_seconds.toFixed(2)} s, once; without it, time ratio ${r.marginal_time_ratio.toFixed(2)}`,
    );
  }
  writeResults("aligned", res);
}

const at = process.argv.indexOf("--child");
if (at >= 0) child(process.argv[at + 1], process.argv[at + 2]);
else
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
