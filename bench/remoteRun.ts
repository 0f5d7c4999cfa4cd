/**
 * One process of the remote-scoring benchmark (bench/remote.bench.ts):
 *
 *   node --import tsx bench/remoteRun.ts serve MODEL THREADS
 *     lmdiff serve's app with MODEL alone, on a free loopback port; prints
 *     `@@url URL`, serves until SIGTERM, then prints `@@rss KB` (its peak).
 *   node --import tsx bench/remoteRun.ts score SPEC DOCS WINDOW [TOKENIZER]
 *     analyze SPEC (a local model, or URL[,URL]#NAME) on the first DOCS
 *     texts of fortunes-en with the given window, after a warm-up; prints
 *     `@@result {json}` with the seconds, tokens and maxRSS (KB).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { analyze } from "../src/engine/analyze.ts";
import { inlineDataset, loadDataset } from "../src/engine/Dataset.ts";
import { loadModel } from "../src/engine/Model.ts";
import { Catalog } from "../src/server/Catalog.ts";
import { createServer } from "../src/server/createServer.ts";

export const RESULT_PREFIX = "@@result ";
export const URL_PREFIX = "@@url ";
export const RSS_PREFIX = "@@rss ";
const WARM_DOCS = 16;

export interface RemoteRunResult {
  spec: string;
  docs: number;
  tokens: number;
  seconds: number;
  maxRssKB: number;
}

async function serve(spec: string, threads: number) {
  const catalog = await Catalog.fromModels([spec], { threads, workers: 0 });
  // Room for every request the client keeps in flight, and no time limit a long run could hit.
  const app = await createServer({ catalog, queue: { maxWaiting: 256, timeoutMs: 3_600_000 } });
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  console.log(`${URL_PREFIX}${url}/v1`);
  // Stopped by the benchmark: its peak memory (KB) first.
  process.on("SIGTERM", () => {
    console.log(RSS_PREFIX + String(process.resourceUsage().maxRSS));
    process.exit(0);
  });
}

async function score(spec: string, docs: number, window: number, tokenizer?: string) {
  const m = await loadModel(spec, { window, ...(tokenizer ? { tokenizer, concurrency: 4 } : {}) });
  const texts = loadDataset("fortunes-en").texts;
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-remote-bench-"));
  try {
    await analyze(m, inlineDataset(texts.slice(docs, docs + WARM_DOCS), "warm"), { output: path.join(out, "warm") });
    const t0 = performance.now();
    const c = await analyze(m, inlineDataset(texts.slice(0, docs), "timed"), { output: path.join(out, "timed") });
    const seconds = (performance.now() - t0) / 1000;
    const r: RemoteRunResult = { spec, docs, tokens: c.nTokens, seconds, maxRssKB: process.resourceUsage().maxRSS };
    console.log(RESULT_PREFIX + JSON.stringify(r));
  } finally {
    await m.dispose();
    fs.rmSync(out, { recursive: true, force: true });
  }
}

async function main() {
  const [mode, a, b, c, d] = process.argv.slice(2);
  if (mode === "serve") return serve(a, Number(b));
  if (mode === "score") return score(a, Number(b), Number(c), d);
  throw new Error("usage: remoteRun.ts serve MODEL THREADS | score SPEC DOCS WINDOW [TOKENIZER]");
}

// Run as a script only: remote.bench.ts imports the names above.
if (require.main === module)
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
