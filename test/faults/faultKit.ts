/**
 * Shared pieces of the fault-injection suite: run the built CLI as a user
 * would (bin/lmdiff.js → lib/), kill it, fill its disk, and check that what
 * is left on disk is either nothing or exactly the reference result.
 */
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AnalysisCache } from "../../src/engine/AnalysisCache.ts";
import { loadDataset } from "../../src/engine/Dataset.ts";

export const ROOT = path.join(__dirname, "..", "..");
export const BIN = path.join(ROOT, "bin", "lmdiff.js");

export function tempDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `lmdiff-fault-${name}-`));
}

export function cliEnv(dir: string): NodeJS.ProcessEnv {
  return { ...process.env, LMDIFF_CACHE: path.join(dir, "cache"), FORCE_COLOR: "", LMDIFF_PROGRESS: "" };
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/** Run the CLI to its end. */
export function lmdiff(dir: string, args: string[], timeout = 120_000): Finished {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env: cliEnv(dir), cwd: dir, timeout, maxBuffer: 64 << 20 });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

/** Start the CLI and return the process with its collected output. */
export function start(dir: string, args: string[]): { child: ChildProcess; done: Promise<Finished> } {
  const child = spawn(process.execPath, [BIN, ...args], { env: cliEnv(dir), cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  const done = new Promise<Finished>((resolve) => child.on("close", (code, signal) => resolve({ code, signal, out, err })));
  return { child, done };
}

/** A corpus file of `n` fortunes, enough for several resumable parts. */
export function corpusFile(dir: string, n: number): string {
  const texts = loadDataset("fortunes-en")
    .texts.slice(0, n)
    .map((t) => t.replace(/\s*\n\s*/g, " "));
  const file = path.join(dir, `corpus-${n}.txt`);
  fs.writeFileSync(file, texts.join("\n") + "\n");
  return file;
}

/** A small seeded generator (a linear congruential one), so that a failing trial can be replayed. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The rows of a cache must equal the reference's: same tokens and ranks, probabilities equal to float32 rounding. */
export function assertSameRows(file: string, reference: string): void {
  const a = AnalysisCache.open(file);
  const b = AnalysisCache.open(reference);
  assert.equal(a.meta.nDocs, b.meta.nDocs, "same number of texts");
  assert.equal(a.nTokens, b.nTokens, "same number of tokens");
  assert.deepEqual(a.doc, b.doc, "same documents");
  assert.deepEqual(a.token, b.token, "same tokens");
  assert.deepEqual(a.scores.rank, b.scores.rank, "same ranks");
  assert.deepEqual(a.scores.topkIds, b.scores.topkIds, "same top-k ids");
  for (let i = 0; i < a.scores.logprob.length; i++) {
    const x = a.scores.logprob[i];
    const y = b.scores.logprob[i];
    if (!(Math.abs(x - y) <= 1e-4 + 1e-5 * Math.abs(y)) && !(Number.isNaN(x) && Number.isNaN(y)))
      assert.fail(`row ${i}: logprob ${x} differs from the reference's ${y}`);
  }
}

/** Files a run may leave beside an output: none, once it has finished or been rerun to its end. */
export function strays(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name.endsWith(".partial")) found.push(p);
        else walk(p);
      } else if (/\.tmp$|\.lock$|\.break$/.test(e.name)) found.push(p);
    }
  };
  walk(dir);
  return found;
}

/** No native crash, no stack trace: what a killed or interrupted lmdiff may print is one-line messages. */
export function assertNoCrash(r: Finished): void {
  assert.doesNotMatch(
    r.err,
    /terminate called|FATAL ERROR|napi_|Napi::|Unhandled|unhandled|\n\s+at /,
    `no native crash or stack trace:\n${r.err}`,
  );
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
