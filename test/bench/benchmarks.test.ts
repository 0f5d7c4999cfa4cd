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
  return JSON.parse(fs.readFileSync(path.join(out, file.replace(".bench.ts", ".json")), "utf8"));
}

test("the engine benchmark runs to its end and writes every figure", async () => {
  const r = await bench("engine.bench.ts", { BENCH_DOCS: "40", BENCH_REPS: "1", BENCH_CACHE_TOKENS: "20000" });
  for (const key of ["forward_tok_s", "analyze_tok_s", "original_tok_s", "analyze_vs_forward", "analyze_vs_original", "stats_ns_per_entry", "compare_caches_s"])
    assert.ok(Number.isFinite(r[key]) && (r[key] as number) > 0, `${key}: ${r[key]}`);
});

test("the server benchmark runs to its end and writes its figures", async () => {
  const r = await bench("server.bench.ts", { BENCH_SECONDS: "1" });
  assert.ok(r.analyze && r.suggestions && r.baseline);
});

test("the render benchmark runs to its end in Chromium and writes its figures", { skip: fs.existsSync(process.env.CHROME_BIN || "/usr/bin/chromium") ? false : "no Chromium" }, async () => {
  const r = await bench("render.bench.ts", {});
  assert.ok(Object.keys(r).length > 0);
});
