/**
 * Server benchmark (`node --import tsx bench/server.bench.ts`): throughput
 * and p50/p99 latency of `lmdiff serve` on loopback under the load test's
 * scenario (concurrent live analyses plus suggestion requests), against a
 * baseline measured in the same run: the same analyses called directly,
 * one after another, with no HTTP and no queue.  Figures go to
 * bench/results/server.json.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { compareText } from "../src/engine/compareText.ts";
import { Catalog } from "../src/server/Catalog.ts";
import { createServer } from "../src/server/createServer.ts";
import { M1, M2, N1, N2, preparedProject } from "../test/server/fixtures.ts";
import { runLoad } from "../test/server/loadScenario.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const THREADS = Number(process.env.BENCH_THREADS ?? 1);
const TEXTS = ["A new text to compare, live.", "Another one, a little longer than the first, with more words in it.", "Short."];

async function main() {
  const dir = await preparedProject();
  const catalog = await Catalog.fromProject(dir, { threads: THREADS });

  // Baseline: the analyses alone, sequential, in this process.
  const [a, b] = catalog.pair(N1, N2);
  for (const t of TEXTS) await compareText(a, b, t);
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 3000) await compareText(a, b, TEXTS[n++ % TEXTS.length]);
  const direct = (n * 1000) / (performance.now() - t0);

  const app = await createServer({ catalog, queue: { maxWaiting: 16 } });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/`;
  try {
    const f = await runLoad({
      url,
      durationS: SECONDS,
      analyzeConnections: 12,
      suggestionConnections: 4,
      m1: N1,
      m2: N2,
      dataset: "small",
      texts: TEXTS,
    });
    const result = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, onnxThreads: THREADS },
      models: [M1, M2],
      scenario: `${SECONDS} s on loopback: 12 connections posting live analyses (3 short texts) and 4 asking for suggestions (rank_diff, k=20, with the corpus columns)`,
      baseline: { directAnalysesPerSecond: Math.round(direct * 10) / 10 },
      analyze: { ...f.analyze, ratioToDirect: Math.round((f.analyze.throughput / direct) * 100) / 100 },
      suggestions: f.suggestions,
      memory: { heapBeforeMB: f.heapBeforeMB, heapAfterMB: f.heapAfterMB, rssBeforeMB: f.rssBeforeMB, rssAfterMB: f.rssAfterMB },
    };
    const file = path.join(process.env.BENCH_RESULTS ?? path.join(__dirname, "results"), "server.json");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(result, null, 2) + "\n");
    process.stdout.write(
      `direct compareText: ${result.baseline.directAnalysesPerSecond}/s\n` +
        `POST /api/analyze:  ${f.analyze.throughput}/s (${result.analyze.ratioToDirect}× direct), p50 ${f.analyze.p50Ms} ms, p99 ${f.analyze.p99Ms} ms, ${f.analyze.ok}/${f.analyze.requests} ok\n` +
        `GET /api/suggestions: ${f.suggestions.throughput}/s, p50 ${f.suggestions.p50Ms} ms, p99 ${f.suggestions.p99Ms} ms, ${f.suggestions.ok}/${f.suggestions.requests} ok\n` +
        `heap ${f.heapBeforeMB} → ${f.heapAfterMB} MB; wrote ${path.relative(process.cwd(), file)}\n`,
    );
  } finally {
    await app.close();
    await catalog.dispose();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e instanceof Error ? e.stack : undefined) ?? String(e)}\n`);
  process.exit(1);
});
