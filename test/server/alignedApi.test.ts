import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { alignedFromJSON } from "../../src/core/alignedJson.ts";
import { isAligned } from "../../src/core/AlignedData.ts";
import { inlineDataset } from "../../src/engine/Dataset.ts";
import { loadModel } from "../../src/engine/Model.ts";
import { preprocessProject } from "../../src/engine/preprocessProject.ts";
import { Catalog } from "../../src/server/Catalog.ts";
import { createServer } from "../../src/server/createServer.ts";
import { InferenceQueue } from "../../src/server/InferenceQueue.ts";
import { tmpDir } from "./fixtures.ts";

// A project of two models with different tokenizers (tiny-en, tiny-de),
// served: every route answers on bytes.
const TEXTS = ["The early bird catches the worm.", "Der frühe Vogel fängt den Wurm.", "Morgenstund hat Gold im Mund. 😀"];
let catalog: Catalog;
let app: FastifyInstance;
before(async () => {
  const dir = tmpDir("aligned-server");
  const a = await loadModel("tiny-en", { threads: 1 });
  const b = await loadModel("tiny-de", { threads: 1 });
  try {
    await preprocessProject(a, b, inlineDataset(TEXTS, "en-de"), dir);
  } finally {
    await a.dispose();
    await b.dispose();
  }
  catalog = await Catalog.fromProject(dir, { threads: 1 });
  app = await createServer({ catalog, queue: new InferenceQueue({ maxWaiting: 2, timeoutMs: 20_000 }), maxTextChars: 300 });
});
after(async () => {
  await app.close();
  await catalog.dispose();
});

const get = (url: string) => app.inject({ method: "GET", url });
const q = "m1=tiny-en&m2=tiny-de&dataset=en-de";

test("the server's pairs of two tokenizers are compared on bytes", async () => {
  const j = (await get("/api/models")).json<{ pairs: { m1: string; on: string; comparable: boolean }[] }>();
  assert.deepEqual(
    j.pairs.map((p) => [p.comparable, p.on]),
    [
      [true, "bytes"],
      [true, "bytes"],
    ],
  );
});

test("GET /api/suggestions of two tokenizers ranks texts by bits_diff unless told otherwise, and refuses a token measure in one line", async () => {
  const r = await get(`/api/suggestions?${q}&k=3&corpus=true`);
  assert.equal(r.statusCode, 200, r.body);
  const j = r.json<{ measure: string; top: { index: number; value: number }[]; corpus: { values: Record<string, string> } }>();
  assert.equal(j.measure, "bits_diff");
  assert.equal(j.top.length, 3);
  assert.ok(j.top.every((t) => Math.abs(t.value) > 0));
  assert.ok(j.corpus.values.bits_per_byte_1, "the global view gets the bits-per-byte columns");
  const bad = await get(`/api/suggestions?${q}&measure=prob_diff`);
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json<{ error: string }>().error, /prob_diff needs the two models to share a tokenizer/);
});

test("GET /api/instance of two tokenizers answers the aligned form, equal to the comparison from the caches", async () => {
  const r = await get(`/api/instance?${q}&index=2`);
  assert.equal(r.statusCode, 200, r.body);
  const d = alignedFromJSON(r.json());
  const local = catalog.comparison("tiny-en", "tiny-de", "en-de").instance(2).data;
  assert.ok(isAligned(local));
  assert.equal(d.text, TEXTS[2]);
  assert.deepEqual(Array.from(d.bits1), Array.from(local.bits1));
  assert.deepEqual(Array.from(d.sides[1].start), Array.from(local.sides[1].start));
  assert.deepEqual(Array.from(d.sides[0].scores.topkIds), Array.from(local.sides[0].scores.topkIds));
});

test("GET /api/gaps gives the gap report and its figure", async () => {
  const r = await get(`/api/gaps?${q}&top=2`);
  assert.equal(r.statusCode, 200, r.body);
  const j = r.json<{ report: { nTexts: number; buckets: { bucket: string }[]; texts: { model1Worse: unknown[] } }; svg: string }>();
  assert.equal(j.report.nTexts, 3);
  assert.ok(j.report.buckets.some((b) => b.bucket === "non_ascii"));
  assert.ok(j.report.texts.model1Worse.length <= 2);
  assert.ok(j.svg.startsWith("<svg"));
});
