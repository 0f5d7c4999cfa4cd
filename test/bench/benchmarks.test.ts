import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";

// `npm run bench` is not part of the suite (timings are for people, not
// assertions), but each benchmark must still run to its end and write its
// figures: these runs use tiny sizes and check only that.
const ROOT = path.join(__dirname, "..", "..");
const out = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-bench-test-"));

async function bench(file: string, env: Record<string, string>): Promise<Record<string, unknown>> {
  await promisify(execFile)(process.execPath, ["--import", "tsx", path.join(ROOT, "bench", file)], {
    cwd: ROOT,
    env: { ...process.env, ...env, BENCH_RESULTS: out },
    timeout: 180_000,
  });
  return JSON.parse(fs.readFileSync(path.join(out, file.replace(".bench.ts", ".json")), "utf8")) as Record<string, unknown>;
}

test("the engine benchmark runs to its end and writes every figure", async () => {
  const r = await bench("engine.bench.ts", { BENCH_DOCS: "40", BENCH_REPS: "1", BENCH_CACHE_TOKENS: "20000" });
  for (const key of [
    "forward_tok_s",
    "analyze_tok_s",
    "original_tok_s",
    "analyze_vs_forward",
    "analyze_vs_original",
    "stats_ns_per_entry",
    "compare_caches_s",
  ])
    assert.ok(Number.isFinite(r[key]) && (r[key] as number) > 0, `${key}: ${String(r[key])}`);
});

test("the cache memory benchmark runs to its end and measures an open cache at about its file size", async () => {
  const r = (await bench("cacheMemory.bench.ts", { BENCH_CACHE_TOKENS: "200000" })) as Record<string, number>;
  for (const key of ["merged_file_bytes", "merged_open_rss_bytes", "parts_open_rss_bytes", "merged_open_vs_file"])
    assert.ok(Number.isFinite(r[key]) && r[key] > 0, `${key}: ${r[key]}`);
  // Loose bounds: RSS moves by whole pages and the allocator's slack; a
  // copy of every column would give about 2.
  assert.ok(r.merged_open_vs_file < 1.5, `an open cache costs ${r.merged_open_vs_file} × its file`);
});

test("the streamed comparison benchmark runs to its end and reports peak memory and time for both sizes, streamed and in memory", async () => {
  const r = (await bench("compareStream.bench.ts", { BENCH_STREAM_TOKENS: "20000,60000" })) as {
    sizes: Record<string, number>[];
    stream_peak_ratio: number;
    memory_peak_ratio: number;
    stream_s_per_mtok: number;
  };
  assert.deepEqual(
    r.sizes.map((x) => x.tokens),
    [20000, 60000],
  );
  for (const size of r.sizes)
    for (const key of ["docs", "stream_peak_bytes", "stream_s_per_mtok", "memory_peak_bytes", "memory_s_per_mtok"])
      assert.ok(Number.isFinite(size[key]) && size[key] > 0, `${size.tokens} tokens, ${key}: ${size[key]}`);
  for (const key of ["stream_peak_ratio", "memory_peak_ratio", "stream_s_per_mtok"] as const)
    assert.ok(Number.isFinite(r[key]) && r[key] > 0, `${key}: ${r[key]}`);
});

test("the server benchmark runs to its end and writes its figures", async () => {
  const r = await bench("server.bench.ts", { BENCH_SECONDS: "1" });
  assert.ok(r.analyze && r.suggestions && r.baseline);
});

test(
  "the render benchmark runs to its end in Chromium and writes its figures",
  { skip: fs.existsSync(process.env.CHROME_BIN || "/usr/bin/chromium") ? false : "no Chromium" },
  async () => {
    const r = await bench("render.bench.ts", {});
    assert.ok(Object.keys(r).length > 0);
  },
);

test("the joint scoring benchmark runs to its end and reports the time and memory of a joint run against two analyses", async () => {
  const r = (await bench("joint.bench.ts", { BENCH_DOCS: "40", BENCH_REPS: "1", BENCH_REAL: "0" })) as {
    rows: { time_ratio: number; memory_ratio: number; tokens: number }[];
  };
  assert.equal(r.rows.length, 1);
  for (const key of ["time_ratio", "memory_ratio", "tokens"] as const)
    assert.ok(Number.isFinite(r.rows[0][key]) && r.rows[0][key] > 0, `${key}: ${r.rows[0][key]}`);
});

test("the benchmark of two tokenizers runs to its end and reports time and peak ratios against one tokenizer", async () => {
  const r = (await bench("aligned.bench.ts", { BENCH_ALIGNED_DOCS: "20", BENCH_REPS: "1", BENCH_REAL: "0" })) as {
    rows: {
      docs: number;
      tokens: number;
      bytes_seconds: number;
      tokens_seconds: number;
      time_ratio: number;
      peak_ratio: number;
      vocab_seconds: number;
    }[];
  };
  assert.equal(r.rows.length, 1);
  const row = r.rows[0];
  assert.equal(row.docs, 40, "20 English and 20 German texts");
  assert.ok(row.tokens > 0 && row.bytes_seconds > 0 && row.tokens_seconds > 0 && row.vocab_seconds > 0);
  assert.ok(Math.abs(row.time_ratio - row.bytes_seconds / row.tokens_seconds) < 1e-9);
  assert.ok(row.peak_ratio > 0);
});

test("the remote scoring benchmark runs to its end and reports local and remote times with 1 and 2 replicas", async () => {
  const r = (await bench("remote.bench.ts", { BENCH_DOCS: "30", BENCH_REPS: "1", BENCH_REAL: "0" })) as {
    rows: { tokens: number; local_s: number; remote_1_replica_s: number; remote_2_replicas_s: number; overhead_1_replica: number }[];
  };
  assert.equal(r.rows.length, 1);
  const row = r.rows[0];
  assert.ok(row.tokens > 0 && row.local_s > 0 && row.remote_1_replica_s > 0 && row.remote_2_replicas_s > 0);
  assert.ok(Math.abs(row.overhead_1_replica - row.remote_1_replica_s / row.local_s) < 1e-9);
});

test("the real-size benchmark's measurements run to their end on a small export and report tokens, time and peak memory", async () => {
  // The real-size models are exported at bench time (Python); the harness's
  // child runs the same code on the committed tiny gpt2 fixture.
  const model = path.join(ROOT, "test", "fixtures", "arch", "gpt2");
  for (const args of [
    ["forward", model, "8", "4"],
    ["analyze", model, "8"],
  ]) {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", path.join(ROOT, "bench", "realSizeRun.ts"), ...args],
      {
        cwd: ROOT,
        timeout: 120_000,
      },
    );
    const line = stdout.split("\n").find((l) => l.startsWith("@@result "));
    assert.ok(line, `${args[0]}: no result line`);
    const r = JSON.parse(line.slice("@@result ".length)) as { tokens: number; seconds: number; maxRssKB: number };
    assert.ok(r.tokens > 0 && r.seconds > 0 && r.maxRssKB > 0, `${args[0]}: ${line}`);
  }
});
