import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { Catalog } from "../../src/server/Catalog.ts";
import { createServer } from "../../src/server/createServer.ts";
import { N1, N2, preparedProject } from "./fixtures.ts";
import { runLoad } from "./loadScenario.ts";

// A bounded load test on loopback: 5 s of 12 connections posting live
// analyses (fewer than the queue holds, so none is refused) and 4 asking
// for suggestions.  Nothing may be lost, refused or wrong, the server must
// stay up, and the heap must come back near its level before the load.
test(
  "under concurrent live analyses and suggestion requests the server answers every request correctly and its memory settles",
  { timeout: 120_000 },
  async () => {
    const dir = await preparedProject();
    const catalog = await Catalog.fromProject(dir, { threads: 1 });
    const app = await createServer({ catalog, queue: { maxWaiting: 16 } });
    await app.listen({ host: "127.0.0.1", port: 0 });
    const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/`;
    try {
      const f = await runLoad({
        url,
        durationS: 5,
        analyzeConnections: 12,
        suggestionConnections: 4,
        m1: N1,
        m2: N2,
        dataset: "small",
        texts: ["A new text to compare, live.", "Another one, a little longer than the first, with more words in it.", "Short."],
      });
      for (const [name, r] of [
        ["analyze", f.analyze],
        ["suggestions", f.suggestions],
      ] as const) {
        process.stdout.write(`${name}: ${r.throughput} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, ${r.ok} ok of ${r.requests}\n`);
        assert.ok(r.ok > 0, `${name}: some requests were answered`);
        assert.equal(r.errors, 0, `${name}: no connection errors`);
        assert.equal(r.timeouts, 0, `${name}: no time-outs`);
        assert.equal(r.non2xx, 0, `${name}: no refusals or failures`);
        assert.equal(r.wrong, 0, `${name}: every answer is the expected one`);
      }
      process.stdout.write(`heap ${f.heapBeforeMB} → ${f.heapAfterMB} MB, rss ${f.rssBeforeMB} → ${f.rssAfterMB} MB\n`);
      assert.ok(f.heapAfterMB < f.heapBeforeMB + 25, `heap settles (${f.heapBeforeMB} → ${f.heapAfterMB} MB)`);
      const health = (await (await fetch(`${url}api/health`)).json()) as { status: string; queue: Record<string, number> };
      assert.equal(health.status, "ok");
      assert.deepEqual([health.queue.running, health.queue.waiting, health.queue.refused, health.queue.timedOut], [0, 0, 0, 0]);
    } finally {
      await app.close();
      await catalog.dispose();
    }
  },
);
