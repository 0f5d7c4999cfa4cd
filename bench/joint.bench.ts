/**
 * Joint-scoring benchmark (issue #13): scoring a corpus with two models
 * together (analyzePair: both caches and the pair cache of KL, JS and TV
 * over the whole vocabulary) against the two single analyses it replaces
 * (analyze M1, analyze M2), as a ratio of times and of peak memory measured
 * in the same run, each measurement in a child process of its own
 * (bench/jointRun.ts), the two interleaved, best of BENCH_REPS.
 *
 * Pairs: the bundled tiny-en and tiny-en-distil (4,096-token vocabulary),
 * and, when bench/.models/gpt2-small exists (made by the real-size
 * benchmark, which `npm run bench` runs just before this one), GPT-2 small
 * against itself loaded as a second model (50,257 tokens; the cost does not
 * depend on the weights).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RESULT_PREFIX, type JointRunResult } from "./jointRun.ts";

const ROOT = path.join(__dirname, "..");
const REPS = Number(process.env.BENCH_REPS ?? 2);

function child(args: string[]): Promise<JointRunResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "jointRun.ts"), ...args], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    p.stdout.on("data", (d: Buffer) => (out += d.toString()));
    p.stderr.on("data", (d: Buffer) => (err += d.toString()));
    p.on("close", (code) => {
      const line = out.split("\n").find((l) => l.startsWith(RESULT_PREFIX));
      if (code === 0 && line) resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as JointRunResult);
      else reject(new Error(`jointRun ${args.join(" ")}: exit ${code}: ${(err || out).trim().split("\n").slice(-3).join(" | ")}`));
    });
  });
}

async function measure(label: string, m1: string, m2: string, docs: number) {
  const best = { singles: Infinity, joint: Infinity };
  const rss = { singles: 0, joint: 0 };
  let tokens = 0;
  for (let rep = 0; rep < REPS; rep++)
    for (const mode of ["singles", "joint"] as const) {
      const r = await child([mode, m1, m2, String(docs)]);
      best[mode] = Math.min(best[mode], r.seconds);
      rss[mode] = Math.max(rss[mode], r.maxRssKB);
      tokens = r.tokens;
    }
  const row = {
    pair: label,
    docs,
    tokens,
    singles_s: best.singles,
    joint_s: best.joint,
    time_ratio: best.joint / best.singles,
    singles_tok_s: (2 * tokens) / best.singles,
    joint_tok_s: (2 * tokens) / best.joint,
    singles_peak_mb: rss.singles / 1024,
    joint_peak_mb: rss.joint / 1024,
    memory_ratio: rss.joint / rss.singles,
  };
  console.log(
    `${label}: ${docs} texts, ${tokens} tokens per model; two analyses ${best.singles.toFixed(2)} s (peak ${(rss.singles / 1024).toFixed(0)} MB), ` +
      `joint ${best.joint.toFixed(2)} s (peak ${(rss.joint / 1024).toFixed(0)} MB): time ×${row.time_ratio.toFixed(2)}, memory ×${row.memory_ratio.toFixed(2)}`,
  );
  return row;
}

async function main() {
  console.log(`joint scoring benchmark: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, best of ${REPS}`);
  const rows = [await measure("tiny-en vs tiny-en-distil", "tiny-en", "tiny-en-distil", Number(process.env.BENCH_DOCS ?? 400))];
  const gpt2 = path.join(__dirname, ".models", "gpt2-small");
  if (fs.existsSync(path.join(gpt2, "onnx", "model.onnx")) && process.env.BENCH_REAL !== "0")
    rows.push(await measure("gpt2-small vs itself", gpt2, gpt2, Number(process.env.BENCH_REAL_DOCS ?? 60)));
  else console.log("gpt2-small: skipped (bench/.models/gpt2-small is made by npm run bench:real; BENCH_REAL=0 skips it)");
  const dir = process.env.BENCH_RESULTS ?? path.join(__dirname, "results");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "joint.json"), JSON.stringify({ date: new Date().toISOString(), rows }, null, 2) + "\n");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
