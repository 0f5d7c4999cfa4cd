/**
 * Memory of comparing two caches (`node --import tsx bench/compareStream.bench.ts`):
 * compareCaches on two cache files, which reads them a chunk of documents
 * at a time (see CacheReader), for synthetic caches of a small and a large
 * corpus (BENCH_STREAM_TOKENS, default 1 and 10 million tokens each).  The
 * figure is the ratio of the peak RSS of the large comparison to the small
 * one's (target ≤ 1.5: memory flat in corpus size; only the table's own
 * columns, one row per document, grow), with the seconds per million
 * tokens.  The baseline, measured in the same run, is the in-memory path:
 * both caches opened whole with AnalysisCache and compared with
 * comparisonTable (BENCH_STREAM_BASELINE=0 leaves it out).  BENCH_REPS
 * repeats each measurement, interleaved, keeping the best time and the
 * highest peak.
 *
 * Each comparison runs in a fresh process, so that nothing else lives in
 * its heap.  Its peak is VmHWM (Linux), which a new process starts afresh
 * at exec; getrusage's maxRSS is not used, as it carries over the RSS of
 * the parent at fork, here the benchmark that has just built the caches
 * (see cacheMemory.bench.ts).  The peak is reported whole and above the
 * RSS of the process once its modules are loaded.  The caches (about 110
 * bytes a token each) are written to a temporary folder and deleted at the
 * end.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compareCaches } from "../src/api/compare.ts";
import { AnalysisCache } from "../src/engine/AnalysisCache.ts";
import { comparisonTable } from "../src/engine/compareCaches.ts";
import { syntheticCache } from "./syntheticCache.ts";
import { writeResults } from "./writeResults.ts";
import { procStatus } from "./procStatus.ts";

type Step = "stream" | "memory";

interface Measured {
  seconds: number;
  /** Highest RSS of the process since it started (VmHWM), in bytes; NaN where unknown (JSON null). */
  peak: number;
  /** RSS once the modules were loaded, before the comparison, in bytes. */
  start: number;
  docs: number;
}

const MiB = 2 ** 20;

/** One comparison in this fresh process. */
function child(step: Step, a: string, b: string): void {
  const start = procStatus("VmRSS");
  const t0 = performance.now();
  // The public API streams files; the baseline opens both caches whole first, as lmdiff did.
  const docs = step === "stream" ? compareCaches(a, b).length : comparisonTable(AnalysisCache.open(a), AnalysisCache.open(b)).numRows;
  const seconds = (performance.now() - t0) / 1000;
  const r: Measured = { seconds, peak: procStatus("VmHWM"), start, docs };
  process.stdout.write(JSON.stringify(r) + "\n");
}

function measure(step: Step, a: string, b: string): Measured {
  const out = execFileSync(process.execPath, ["--import", "tsx", __filename, "--child", step, a, b], {
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  const r = JSON.parse(out.trim().split("\n").pop()!) as Measured;
  return { ...r, peak: r.peak ?? NaN, start: r.start ?? NaN };
}

/** Repetitions of each measurement (BENCH_REPS, default 1). */
const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 1));

/** The repetitions of one measurement as one: the best time and the highest peak. */
function combine(rs: Measured[]): Measured {
  const highest = rs.reduce((x, y) => (y.peak > x.peak ? y : x));
  return { ...highest, seconds: Math.min(...rs.map((r) => r.seconds)) };
}

async function main() {
  const sizes = (process.env.BENCH_STREAM_TOKENS ?? "1000000,10000000").split(",").map(Number);
  if (sizes.length !== 2 || !sizes.every((n) => Number.isInteger(n) && n > 0))
    throw new Error(`BENCH_STREAM_TOKENS must be two token counts, small,large (got ${process.env.BENCH_STREAM_TOKENS})`);
  const baseline = process.env.BENCH_STREAM_BASELINE !== "0";
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-compare-stream-"));
  const rows: Record<string, number>[] = [];
  try {
    for (const tokens of sizes) {
      const a = await syntheticCache(path.join(dir, `a-${tokens}.arrow`), tokens, 1);
      const b = await syntheticCache(path.join(dir, `b-${tokens}.arrow`), tokens, 2);
      // Repetitions interleaved, so that a busy spell of the machine hits both paths: the best time and the highest peak are kept.
      const runs: { stream: Measured[]; memory: Measured[] } = { stream: [], memory: [] };
      for (let rep = 0; rep < REPS; rep++) {
        runs.stream.push(measure("stream", a, b));
        if (baseline) runs.memory.push(measure("memory", a, b));
      }
      const stream = combine(runs.stream);
      const memory = baseline ? combine(runs.memory) : null;
      if (memory && memory.docs !== stream.docs) throw new Error(`the two paths compared ${stream.docs} and ${memory.docs} documents`);
      rows.push({
        tokens,
        docs: stream.docs,
        file_bytes: fs.statSync(a).size,
        stream_seconds: stream.seconds,
        stream_s_per_mtok: stream.seconds / (tokens / 1e6),
        stream_peak_bytes: stream.peak,
        stream_peak_above_start_bytes: stream.peak - stream.start,
        ...(memory
          ? {
              memory_seconds: memory.seconds,
              memory_s_per_mtok: memory.seconds / (tokens / 1e6),
              memory_peak_bytes: memory.peak,
              memory_peak_above_start_bytes: memory.peak - memory.start,
            }
          : {}),
      });
      // The large caches take gigabytes of disk: each pair goes once measured.
      fs.rmSync(a, { force: true });
      fs.rmSync(b, { force: true });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const [small, large] = rows;
  const res = {
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
    sizes: rows,
    stream_peak_ratio: large.stream_peak_bytes / small.stream_peak_bytes,
    stream_s_per_mtok: large.stream_s_per_mtok,
    ...(baseline
      ? {
          memory_peak_ratio: large.memory_peak_bytes / small.memory_peak_bytes,
          stream_vs_memory_peak: large.stream_peak_bytes / large.memory_peak_bytes,
          stream_vs_memory_time: large.stream_seconds / large.memory_seconds,
        }
      : {}),
  };
  const mib = (x: number) => `${(x / MiB).toFixed(0)} MiB`;
  console.log(`lmdiff streamed comparison benchmark: ${res.machine}`);
  const table: [string, string, string][] = [];
  for (const r of rows) {
    const label = `${(r.tokens / 1e6).toFixed(r.tokens < 1e6 ? 2 : 0)} M tokens, ${r.docs} texts (${mib(r.file_bytes)} a cache)`;
    table.push([label, "", ""]);
    table.push([
      "  compareCaches(files), streamed",
      `peak ${mib(r.stream_peak_bytes)} (+${mib(r.stream_peak_above_start_bytes)})`,
      `${r.stream_s_per_mtok.toFixed(2)} s per M tokens`,
    ]);
    if (baseline)
      table.push([
        "  both caches in memory (baseline)",
        `peak ${mib(r.memory_peak_bytes)} (+${mib(r.memory_peak_above_start_bytes)})`,
        `${r.memory_s_per_mtok.toFixed(2)} s per M tokens`,
      ]);
  }
  table.push(["peak, large / small, streamed", res.stream_peak_ratio.toFixed(2), "[target ≤ 1.5]"]);
  if (baseline) table.push(["peak, large / small, in memory", res.memory_peak_ratio!.toFixed(2), ""]);
  if (baseline) table.push(["peak, streamed / in memory, large", res.stream_vs_memory_peak!.toFixed(2), ""]);
  for (const [x, y, z] of table) console.log(`${x.padEnd(44)} ${y.padEnd(24)} ${z}`);
  writeResults("compareStream", res);
}

const at = process.argv.indexOf("--child");
if (at >= 0) child(process.argv[at + 1] as Step, process.argv[at + 2], process.argv[at + 3]);
else
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
