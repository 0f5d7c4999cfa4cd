/**
 * Memory of an open analysis cache (`node --import tsx bench/cacheMemory.bench.ts`):
 * the growth of the resident set size when AnalysisCache.open reads a
 * synthetic cache of about a million tokens (BENCH_CACHE_TOKENS), against
 * the file's size and against reading the same file into one buffer (the
 * baseline, measured in the same run).  Each figure comes from a fresh
 * process, so that nothing else lives in its heap: RSS is read after the
 * modules are loaded and after a full garbage collection, then again after
 * the step and another collection; the peak is the highest RSS during
 * the step (Linux only, see resetPeak).
 *
 * Two layouts are measured: the one analyze writes (one record batch, read
 * without copying) and the one lmdiff wrote before (one batch per part,
 * each column copied once into one array).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AnalysisCache } from "../src/engine/AnalysisCache.ts";
import { syntheticCache } from "./syntheticCache.ts";
import { writeResults } from "./writeResults.ts";

interface Measured {
  /** RSS growth after the step and a garbage collection, in bytes. */
  delta: number;
  /** Highest RSS during the step, above the RSS before it, in bytes (NaN where unknown; JSON null). */
  peak: number;
  tokens: number;
}

const MiB = 2 ** 20;
/** Whether this process could reset its peak RSS (see resetPeak). */
let canReset = false;

/** One step in this fresh process: "read" the file into a buffer, or "open" it as a cache. */
function child(step: string, file: string): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run the child with --expose-gc");
  gc();
  gc();
  const before = process.memoryUsage().rss;
  canReset = resetPeak();
  let tokens = 0;
  let kept: unknown;
  if (step === "read") kept = fs.readFileSync(file);
  else {
    const cache = AnalysisCache.open(file);
    tokens = cache.nTokens;
    kept = cache;
  }
  gc();
  gc();
  const after = process.memoryUsage().rss;
  const r: Measured = { delta: after - before, peak: peakRss() - before, tokens };
  process.stdout.write(JSON.stringify(r) + "\n");
  void kept;
}

/**
 * Linux keeps the peak RSS of a process (VmHWM) and resets it to the
 * current RSS when "5" is written to /proc/self/clear_refs.  The peak from
 * getrusage() cannot serve: it starts at the RSS of the parent process at
 * fork, here the benchmark that has just built the caches.
 */
function resetPeak(): boolean {
  try {
    fs.writeFileSync("/proc/self/clear_refs", "5");
    return true;
  } catch {
    return false;
  }
}

/** The peak RSS since resetPeak, or NaN where the system does not keep it. */
function peakRss(): number {
  const kb = canReset ? /^VmHWM:\s+(\d+) kB$/m.exec(fs.readFileSync("/proc/self/status", "utf8"))?.[1] : undefined;
  return kb ? Number(kb) * 1024 : NaN;
}

function measure(step: string, file: string): Measured {
  const out = execFileSync(process.execPath, ["--import", "tsx", "--expose-gc", __filename, "--child", step, file], { encoding: "utf8" });
  const r = JSON.parse(out.trim().split("\n").pop()!) as Measured;
  return { ...r, peak: r.peak ?? NaN };
}

async function main() {
  const tokens = Number(process.env.BENCH_CACHE_TOKENS ?? 1_000_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-cache-memory-"));
  const rows: [string, string][] = [];
  const res: Record<string, number> = { tokens };
  try {
    for (const layout of ["merged", "parts"] as const) {
      const file = await syntheticCache(path.join(dir, `${layout}.arrow`), tokens, 1, layout);
      const size = fs.statSync(file).size;
      const read = measure("read", file);
      const open = measure("open", file);
      res[`${layout}_file_bytes`] = size;
      res[`${layout}_read_rss_bytes`] = read.delta;
      res[`${layout}_open_rss_bytes`] = open.delta;
      res[`${layout}_open_peak_bytes`] = open.peak;
      res[`${layout}_open_vs_file`] = open.delta / size;
      res[`${layout}_open_vs_read`] = open.delta / read.delta;
      res[`${layout}_peak_vs_file`] = open.peak / size;
      res.cache_tokens = open.tokens;
      const label = layout === "merged" ? "one batch (as analyze writes)" : "one batch per part (older caches)";
      rows.push(
        [`${label}: file`, `${(size / MiB).toFixed(1)} MiB`],
        ["  read into a buffer (baseline)", `+${(read.delta / MiB).toFixed(1)} MiB RSS`],
        [
          "  AnalysisCache.open",
          `+${(open.delta / MiB).toFixed(1)} MiB RSS = ${(open.delta / size).toFixed(2)} × file, ${(open.delta / read.delta).toFixed(2)} × baseline`,
        ],
        ["  peak while opening", `+${(open.peak / MiB).toFixed(1)} MiB RSS = ${(open.peak / size).toFixed(2)} × file`],
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`lmdiff cache memory benchmark: ${res.cache_tokens} tokens, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB machine`);
  for (const [a, b] of rows) console.log(`${a.padEnd(40)} ${b}`);
  writeResults("cacheMemory", res);
}

const at = process.argv.indexOf("--child");
if (at >= 0) child(process.argv[at + 1], process.argv[at + 2]);
else
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
