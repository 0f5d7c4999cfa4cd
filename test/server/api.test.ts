import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { instanceFromJSON } from "../../src/core/instanceJson.ts";
import { resolveModelDir } from "../../src/engine/resolveModelDir.ts";
import { Catalog } from "../../src/server/Catalog.ts";
import { createServer } from "../../src/server/createServer.ts";
import { alignedFromJSON } from "../../src/core/alignedJson.ts";
import { InferenceQueue } from "../../src/server/InferenceQueue.ts";
import { corpusFromPayload, type CorpusPayload } from "../../src/core/corpusJson.ts";
import type { DatasetInfo, PairInfo } from "../../src/server/Catalog.ts";
import { M1, N1, N2, preparedProject, TEXTS, tmpDir } from "./fixtures.ts";

// One project (M1 and M2 on TEXTS) plus a third model whose tokenizer
// differs, so that the catalog has a pair compared on bytes to report.
let dir: string;
let catalog: Catalog;
let app: FastifyInstance;
let queue: InferenceQueue;
const OTHER = "other-tokenizer";

/** The bodies of the API's answers, as far as these tests read them. */
interface ErrorBody {
  error: string;
}
interface HealthBody {
  status: string;
  queue: { maxWaiting: number; waiting: number };
  memory: { rss: number };
}
interface ModelsBody {
  models: { name: string }[];
  pairs: PairInfo[];
}
interface DatasetsBody {
  datasets: DatasetInfo[];
}
interface SuggestionsBody {
  measure: string;
  agg: string;
  order: string;
  texts: number;
  top: { index: number; value: number; text: string }[];
  histogram: { count: number }[];
  corpus?: CorpusPayload;
}
interface OpenApiOperation {
  parameters: { name: string; schema: { enum: string[] } }[];
  requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> };
  responses: Record<string, unknown>;
}
interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
}

async function incomparableCopy(): Promise<string> {
  const src = await resolveModelDir(M1);
  const dst = path.join(tmpDir("model"), OTHER);
  fs.cpSync(src, dst, { recursive: true });
  const tj = JSON.parse(fs.readFileSync(path.join(dst, "tokenizer.json"), "utf8")) as { model: { vocab: Record<string, number> } };
  const vocab = tj.model.vocab;
  vocab["lmdiff-test-token"] = Object.keys(vocab).length;
  fs.writeFileSync(path.join(dst, "tokenizer.json"), JSON.stringify(tj));
  return dst;
}

before(async () => {
  dir = await preparedProject();
  const cfgFile = path.join(dir, "lmdiff.json");
  const cfg = JSON.parse(fs.readFileSync(cfgFile, "utf8")) as { models: object[] };
  cfg.models.push({ name: OTHER, spec: await incomparableCopy(), kind: "causal", fingerprint: "x" });
  fs.writeFileSync(cfgFile, JSON.stringify(cfg));
  catalog = await Catalog.fromProject(dir, { threads: 1 });
  queue = new InferenceQueue({ maxWaiting: 2, timeoutMs: 20_000 });
  app = await createServer({ catalog, queue, maxTextChars: 300 });
});

after(async () => {
  await app.close();
  await catalog.dispose();
});

const get = (url: string) => app.inject({ method: "GET", url });
const analyze = (payload: unknown, headers: Record<string, string> = { "content-type": "application/json" }) =>
  app.inject({ method: "POST", url: "/api/analyze", payload: typeof payload === "string" ? payload : JSON.stringify(payload), headers });
const pairQ = `m1=${encodeURIComponent(N1)}&m2=${encodeURIComponent(N2)}`;

/** A 4xx with a one-line JSON reason starting "lmdiff: ". */
function assertReason(r: { statusCode: number; body: string }, status: number, pattern: RegExp) {
  assert.equal(r.statusCode, status, r.body);
  const j = JSON.parse(r.body) as ErrorBody;
  assert.deepEqual(Object.keys(j), ["error"]);
  assert.equal(j.error.split("\n").length, 1);
  assert.match(j.error, /^lmdiff: /);
  assert.match(j.error, pattern);
}

test("GET /api/health answers ok with queue counts and memory", async () => {
  const r = await get("/api/health");
  assert.equal(r.statusCode, 200);
  const j = r.json<HealthBody>();
  assert.equal(j.status, "ok");
  assert.equal(j.queue.maxWaiting, 2);
  assert.ok(j.memory.rss > 0);
});

test("GET /api/models lists the models and says how each pair is compared: on tokens, or on bytes for two tokenizers", async () => {
  const j = (await get("/api/models")).json<ModelsBody>();
  assert.deepEqual(
    j.models.map((m) => m.name),
    [N1, N2, OTHER],
  );
  const pair = (a: string, b: string) => j.pairs.find((p) => p.m1 === a && p.m2 === b)!;
  assert.equal(pair(N1, N2).comparable, true);
  assert.equal(pair(N2, N1).comparable, true);
  assert.equal(pair(N1, N2).on, "tokens");
  assert.equal(pair(N1, OTHER).comparable, true);
  assert.equal(pair(N1, OTHER).on, "bytes");
  assert.equal(j.pairs.length, 6, "every ordered pair of distinct models");
});

test("GET /api/datasets lists the datasets of a pair, and all without a pair", async () => {
  assert.deepEqual((await get(`/api/datasets?${pairQ}`)).json(), { datasets: [{ name: "small", texts: TEXTS.length }] });
  assert.deepEqual((await get(`/api/datasets?m1=${N2}&m2=${N1}`)).json<DatasetsBody>().datasets.length, 1, "both orders were preprocessed");
  assert.equal((await get("/api/datasets")).json<DatasetsBody>().datasets.length, 1);
});

test("GET /api/datasets refuses an unknown model and half a pair, and lists none for a pair never preprocessed", async () => {
  assertReason(await get(`/api/datasets?m1=nope&m2=${N2}`), 404, /unknown model "nope" \(this server offers /);
  assertReason(await get(`/api/datasets?m1=${N1}`), 400, /m1 needs m2/);
  assert.deepEqual((await get(`/api/datasets?m1=${N1}&m2=${OTHER}`)).json(), { datasets: [] });
});

test("GET /api/suggestions gives the top outliers, a histogram and the corpus columns the global view decodes", async () => {
  const r = await get(`/api/suggestions?${pairQ}&dataset=small&measure=rank_diff&agg=max&k=3&order=desc&bins=5`);
  assert.equal(r.statusCode, 200, r.body);
  const j = r.json<SuggestionsBody>();
  assert.equal(j.texts, TEXTS.length);
  assert.equal(j.top.length, 3);
  for (let i = 1; i < 3; i++) assert.ok(j.top[i - 1].value >= j.top[i].value, "largest first");
  assert.equal(TEXTS[j.top[0].index], j.top[0].text);
  assert.equal(
    j.histogram.reduce((s, b) => s + b.count, 0),
    TEXTS.length,
  );
  const corpus = corpusFromPayload(j.corpus!);
  assert.deepEqual(corpus.text, TEXTS);
  assert.equal(corpus.values.rank_diff_max.length, TEXTS.length);
  assert.equal(corpus.values.rank_diff_max[j.top[0].index], j.top[0].value);
  assert.equal(
    Object.keys(corpus.values).length,
    58,
    "(6 differences, same top-1, KL both ways, JS, TV) × 5 aggregations, and logprob_diff's se, p and q",
  );
  for (const c of ["kl_mean", "js_max", "top1_agree_mean", "logprob_diff_se", "logprob_diff_q"]) assert.ok(c in corpus.values, c);
  assert.deepEqual(
    corpus.models.map((m) => m.name),
    [N1, N2],
  );
});

test("GET /api/suggestions with corpus=false leaves the columns out, and defaults measure, agg, k and order", async () => {
  const j = (await get(`/api/suggestions?${pairQ}&dataset=small&corpus=false`)).json<SuggestionsBody>();
  assert.equal(j.corpus, undefined);
  assert.deepEqual([j.measure, j.agg, j.order], ["prob_diff", "mean", "abs"]);
  assert.equal(j.top.length, TEXTS.length, "k defaults to 50, capped by the corpus");
});

test("GET /api/suggestions refuses an unknown measure, aggregation, order and dataset, and bad numbers", async () => {
  const base = `/api/suggestions?${pairQ}&dataset=small`;
  assertReason(await get(`${base}&measure=foo`), 400, /unknown measure "foo" \(expected one of prob_diff, logprob_diff/);
  assertReason(await get(`${base}&measure=prob_1`), 400, /unknown measure "prob_1"/);
  assertReason(await get(`${base}&agg=avg`), 400, /unknown agg "avg" \(expected one of mean, median/);
  assertReason(await get(`${base}&order=up`), 400, /unknown order "up"/);
  assertReason(await get(`${base}&k=abc`), 400, /invalid k "abc" \(expected an integer\)/);
  assertReason(await get(`${base}&k=0`), 400, /invalid k 0 \(expected at least 1\)/);
  assertReason(await get(`${base}&bins=1e9`), 400, /invalid bins/);
  assertReason(await get(`/api/suggestions?${pairQ}&dataset=nope`), 404, /no comparison of .* on dataset "nope" \(available: small\)/);
  assertReason(await get(`/api/suggestions?${pairQ}`), 400, /missing query parameter dataset/);
  assertReason(await get(`/api/suggestions?m1=${N1}&m2=${N1}&dataset=small`), 400, /pick two different models/);
});

test("GET /api/instance gives a text's token-level comparison from the caches, as InstanceJSON", async () => {
  const r = await get(`/api/instance?${pairQ}&dataset=small&index=3`);
  assert.equal(r.statusCode, 200, r.body);
  const d = instanceFromJSON(r.json());
  assert.equal(d.index, 3);
  assert.equal(d.text, TEXTS[3]);
  assert.equal(d.tokens.join(""), TEXTS[3]);
  assert.equal(d.m1.prob.length, d.tokens.length);
  assert.ok(d.m1.rank.every((x) => x >= 1));
  assert.deepEqual(
    d.models.map((m) => m.name),
    [N1, N2],
  );
  // The two models were scored together: the pair cache's joint measures travel with the text.
  assert.equal(d.pair?.kl.length, d.tokens.length);
  assert.ok(d.pair.js.every((x) => x >= 0 && x <= 1));
});

test("GET /api/instance refuses an out-of-range, negative or non-integer index and an unknown dataset", async () => {
  const base = `/api/instance?${pairQ}&dataset=small`;
  assertReason(
    await get(`${base}&index=${TEXTS.length}`),
    404,
    new RegExp(`text index ${TEXTS.length} is out of range \\(0 to ${TEXTS.length - 1}\\)`),
  );
  assertReason(await get(`${base}&index=-1`), 400, /invalid index -1/);
  assertReason(await get(`${base}&index=1.5`), 400, /invalid index/);
  assertReason(await get(`${base}&index=../../etc/passwd`), 400, /invalid index/);
  assertReason(await get(`${base}`), 400, /missing query parameter index/);
  assertReason(await get(`/api/instance?${pairQ}&dataset=/etc/passwd&index=0`), 404, /no comparison .* on dataset "\/etc\/passwd"/);
});

test("POST /api/analyze compares both models on a new text, live", async () => {
  const text = "Fortune favours the brave.";
  const r = await analyze({ m1: N1, m2: N2, text });
  assert.equal(r.statusCode, 200, r.body);
  const d = instanceFromJSON(r.json());
  assert.equal(d.text, text);
  assert.equal(d.tokens.join(""), text);
  assert.equal(d.m2.entropy.length, d.tokens.length);
  // Both orders work, and swap the models' roles.
  const swapped = instanceFromJSON((await analyze({ m1: N2, m2: N1, text })).json());
  assert.deepEqual(swapped.m1.prob, d.m2.prob);
});

test("POST /api/analyze scores a corpus text exactly as the cache recorded it", async () => {
  const live = instanceFromJSON((await analyze({ m1: N1, m2: N2, text: TEXTS[5] })).json());
  const cached = instanceFromJSON((await get(`/api/instance?${pairQ}&dataset=small&index=5`)).json());
  assert.deepEqual(live.tokenIds, cached.tokenIds);
  for (let i = 0; i < live.m1.prob.length; i++) assert.ok(Math.abs(live.m1.prob[i] - cached.m1.prob[i]) < 1e-5);
  // And its joint measures as the pair cache recorded them.
  for (let i = 0; i < live.m1.prob.length; i++)
    assert.ok(Math.abs(live.pair!.kl[i] - cached.pair!.kl[i]) < 1e-4 * (1 + cached.pair!.kl[i]));
});

test("POST /api/analyze refuses bad JSON, a non-object, a non-JSON type and wrong field types with 4xx", async () => {
  assertReason(await analyze("{bad json"), 400, /the body is not valid JSON/);
  assertReason(await analyze(""), 400, /the body is empty/);
  assertReason(await analyze("[1,2]"), 400, /the body must be a JSON object/);
  assertReason(await analyze('"text"'), 400, /the body must be a JSON object/);
  assertReason(await analyze("null"), 400, /body/);
  assertReason(await analyze("hello", { "content-type": "text/plain" }), 415, /unsupported Content-Type/);
  assertReason(await analyze({ m1: N1, m2: N2, text: 42 }), 400, /invalid text 42 \(expected a string\)/);
  assertReason(await analyze({ m1: [N1], m2: N2, text: "hi" }), 400, /invalid m1/);
  assertReason(await analyze({ m1: N1, m2: N2 }), 400, /missing body field text/);
  assertReason(await analyze('{"__proto__": {"polluted": 1}, "m1": "a"}'), 400, /the body has a forbidden key "__proto__"/);
  assertReason(
    await analyze('{"constructor": {"prototype": {"polluted": 1}}, "m1": "a"}'),
    400,
    /the body has a forbidden key "constructor.prototype"/,
  );
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test("POST /api/analyze refuses an empty text with 400 and a text over the limit with 413", async () => {
  assertReason(await analyze({ m1: N1, m2: N2, text: "" }), 400, /the text is empty/);
  assertReason(await analyze({ m1: N1, m2: N2, text: " \n\t " }), 400, /the text is empty/);
  assertReason(await analyze({ m1: N1, m2: N2, text: "x".repeat(301) }), 413, /longer than 300 characters/);
  // The limit counts characters, not UTF-16 units: 300 emoji fit.
  assert.equal((await analyze({ m1: N1, m2: N2, text: "😀".repeat(300) })).statusCode, 200);
  // A body far over any text limit is cut off by fastify before parsing.
  assertReason(await analyze({ m1: N1, m2: N2, text: "x".repeat(10_000) }), 413, /too large|longer than/);
});

test("POST /api/analyze only uses the models named at start: unknown names, paths and hub ids get 404", async () => {
  assertReason(await analyze({ m1: "nope", m2: N2, text: "hi" }), 404, /unknown model "nope"/);
  assertReason(await analyze({ m1: M1.startsWith("/") ? M1 : "/tmp", m2: N2, text: "hi" }), 404, /unknown model/);
  assertReason(await analyze({ m1: "Xenova/gpt2", m2: N2, text: "hi" }), 404, /unknown model "Xenova\/gpt2"/);
});

test("POST /api/analyze compares two models of different tokenizers on the text's bytes", async () => {
  const r = await analyze({ m1: N1, m2: OTHER, text: "Hello world" });
  assert.equal(r.statusCode, 200);
  const d = alignedFromJSON(r.json());
  assert.equal(d.text, "Hello world");
  assert.equal(d.chars.length, 11);
  const sum = (x: Float64Array) => x.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum(d.bits1) - d.total1) < 1e-9 && Math.abs(sum(d.bits2) - d.total2) < 1e-9);
});

test("POST /api/analyze answers 429 with Retry-After when the queue is full, while cheap routes keep answering", async () => {
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  // One running and two waiting: the queue of this server (maxWaiting 2) is full.
  const held = [queue.run(() => gate), queue.run(() => gate), queue.run(() => gate)];
  try {
    const r = await analyze({ m1: N1, m2: N2, text: "one more" });
    assertReason(r, 429, /the analysis queue is full \(2 waiting\)/);
    assert.ok(Number(r.headers["retry-after"]) >= 1);
    assert.equal((await get("/api/health")).json<HealthBody>().queue.waiting, 2);
    assert.equal((await get(`/api/suggestions?${pairQ}&dataset=small&corpus=false`)).statusCode, 200);
    assert.equal((await get(`/api/instance?${pairQ}&dataset=small&index=0`)).statusCode, 200);
  } finally {
    open();
    await Promise.all(held);
  }
  assert.equal((await analyze({ m1: N1, m2: N2, text: "now there is room" })).statusCode, 200);
});

test("GET /api/openapi.json describes every API route with its parameters, body and responses", async () => {
  const doc = (await get("/api/openapi.json")).json<OpenApiDoc>();
  assert.equal(doc.openapi, "3.1.0");
  assert.deepEqual(Object.keys(doc.paths).sort(), [
    "/api/analyze",
    "/api/datasets",
    "/api/gaps",
    "/api/health",
    "/api/instance",
    "/api/models",
    "/api/openapi.json",
    "/api/suggestions",
  ]);
  const sug = doc.paths["/api/suggestions"].get;
  assert.deepEqual(
    sug.parameters.map((p) => p.name),
    ["m1", "m2", "dataset", "measure", "agg", "k", "order", "bins", "corpus"],
  );
  assert.ok(sug.parameters.find((p) => p.name === "measure")!.schema.enum.includes("rank_diff"));
  assert.ok(doc.paths["/api/analyze"].post.requestBody.content["application/json"].schema.properties.text);
  for (const [p, ops] of Object.entries(doc.paths))
    for (const op of Object.values(ops)) assert.ok(op.responses["200"] && op.responses["4XX"], `${p} documents 200 and 4XX`);
});

test("unknown routes and methods get a JSON 404, never the page", async () => {
  assertReason(await get("/api/nope"), 404, /no such page or route: GET \/api\/nope/);
  assertReason(await app.inject({ method: "DELETE", url: "/api/models" }), 404, /DELETE/);
});

test("answers never reveal the server's model folders", async () => {
  for (const url of [`/api/suggestions?${pairQ}&dataset=small`, `/api/instance?${pairQ}&dataset=small&index=0`, "/api/models"]) {
    const body = (await get(url)).body;
    assert.ok(!body.includes(dir) && !body.includes("/tmp/") && !body.includes("/models/"), `${url} has no local paths`);
  }
});
