import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import type { FastifyInstance } from "fastify";
import { compare, compareCaches } from "../../src/api/compare.js";
import { AnalysisCache } from "../../src/engine/AnalysisCache.js";
import { analyze } from "../../src/engine/analyze.js";
import { inlineDataset } from "../../src/engine/Dataset.js";
import { preprocessProject } from "../../src/engine/preprocessProject.js";
import { loadModel, type Model } from "../../src/engine/Model.js";
import { writeParquetDataset } from "../../src/engine/writeParquetDataset.js";
import { startFakeHub } from "../helpers/fakeHub.js";
import { Catalog } from "../../src/server/Catalog.js";
import { createServer } from "../../src/server/createServer.js";
import { RUN_MAIN } from "../helpers/runMain.js";
import { tokenLevel } from "../helpers/tokenLevel.ts";

/**
 * Remote scoring end to end on loopback: lmdiff serve answers the
 * OpenAI-compatible protocol for its models, and a remote model
 * ("URL#NAME") scores through it.  The remote cache must equal the local
 * cache of the same model with the same window, value for value.
 */
const run = promisify(execFile);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-remote-"));
const texts = fs
  .readFileSync(path.join(__dirname, "..", "..", "data", "fortunes-en.txt"), "utf8")
  .split("\n")
  .filter((t) => t.trim())
  .slice(0, 120);
// Texts longer than the server's context (128 for tiny-en), scored in sliding windows.
texts.push(texts.slice(0, 30).join(" "), "", texts.slice(30, 45).join(" "));
const dataset = inlineDataset(texts, "remote-test");

interface Served {
  url: string;
  app: FastifyInstance;
  catalog: Catalog;
  requests: () => number;
}

async function serve(models: string[]): Promise<Served> {
  const catalog = await Catalog.fromModels(models, { workers: 0 });
  const app = await createServer({ catalog, queue: { maxWaiting: 64 } });
  let n = 0;
  app.addHook("onRequest", (req, _reply, done) => {
    if (req.url === "/v1/completions") n++;
    done();
  });
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  return { url: `${url}/v1`, app, catalog, requests: () => n };
}

/** A proxy in front of `target` that rewrites each /v1/completions answer (the n-th call gets index n). */
async function proxy(target: string, rewrite: (answer: Record<string, unknown>, n: number) => Record<string, unknown>) {
  let n = 0;
  const server = http.createServer(async (req, res) => {
    let body = "";
    for await (const c of req) body += c;
    const r = await fetch(target + req.url!.replace(/^\/v1/, ""), {
      method: req.method,
      body: req.method === "POST" ? body : undefined,
      headers: { "content-type": "application/json" },
    });
    let text = await r.text();
    if (req.url === "/v1/completions" && r.ok) text = JSON.stringify(rewrite(JSON.parse(text) as Record<string, unknown>, n++));
    res.writeHead(r.status, { "content-type": "application/json" }).end(text);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** The columns of two caches, compared value for value (NaN equals NaN). */
function assertSameScores(a: AnalysisCache, b: AnalysisCache, o: { ranks?: "equal" | "censored"; entropy?: "equal" | "bounded" } = {}) {
  assert.deepEqual(a.doc, b.doc);
  assert.deepEqual(a.token, b.token);
  assert.deepEqual(a.scores.logprob, b.scores.logprob, "log-probabilities");
  assert.deepEqual(a.scores.prob, b.scores.prob, "probabilities");
  assert.deepEqual(a.scores.topkIds, b.scores.topkIds, "top-k ids");
  assert.deepEqual(a.scores.topkProbs, b.scores.topkProbs, "top-k probabilities");
  const k = a.meta.topK;
  if ((o.ranks ?? "equal") === "equal") assert.deepEqual(a.scores.rank, b.scores.rank, "ranks");
  else
    for (let r = 0; r < a.doc.length; r++)
      if (a.token[r] >= 0) assert.equal(b.scores.rank[r], Math.min(a.scores.rank[r], k + 1), `rank at row ${r}`);
  if ((o.entropy ?? "equal") === "equal") assert.deepEqual(a.scores.entropy, b.scores.entropy, "entropies");
  else {
    const bounds = b.scores.entropyBounds!;
    for (let r = 0; r < a.doc.length; r++) {
      if (a.token[r] < 0) continue;
      assert.ok(Number.isNaN(b.scores.entropy[r]));
      const h = a.scores.entropy[r];
      assert.ok(
        bounds.lower[r] <= h + 1e-4 && h <= bounds.upper[r] + 1e-4,
        `entropy ${h} in [${bounds.lower[r]}, ${bounds.upper[r]}] at row ${r}`,
      );
    }
  }
}

describe("remote scoring through lmdiff serve's OpenAI-compatible API", () => {
  let server: Served;
  let local: Model;
  let localCache: AnalysisCache;
  before(async () => {
    server = await serve(["tiny-en", "tiny-en-distil"]);
    // The server's prompts are two tokens shorter than its context (128), so the local run uses the same window.
    local = await loadModel("tiny-en", { workers: 0, window: 126 });
    localCache = await analyze(local, dataset, { output: path.join(tmp, "local.arrow"), topK: 5 });
  });
  after(async () => {
    await server.app.close();
    await server.catalog.dispose();
    await local.dispose();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("lists its causal models with their context in /v1/models", async () => {
    const r = (await (await fetch(`${server.url}/models`)).json()) as { data: { id: string; max_model_len: number }[] };
    assert.deepEqual(
      r.data.map((m) => [m.id, m.max_model_len]),
      [
        ["tiny-en", 128],
        ["tiny-en-distil", 128],
      ],
    );
  });

  it("gives a cache equal to the local one, long texts included", async () => {
    const remote = await loadModel(`${server.url}#tiny-en`, { tokenizer: "tiny-en" });
    try {
      assert.equal(remote.scoringPlan.window, 126);
      const cache = await analyze(remote, dataset, { output: path.join(tmp, "remote.arrow"), topK: 5 });
      assertSameScores(localCache, cache);
      assert.equal(cache.meta.remote, `${server.url}#tiny-en`);
      assert.equal(cache.meta.onnxSha256, localCache.meta.onnxSha256);
      assert.equal(cache.meta.tokenizerFingerprint, localCache.meta.tokenizerFingerprint);
      assert.equal(cache.meta.window, 126);
      assert.equal(cache.meta.rankConvention, undefined, "lmdiff serve's ranks are lmdiff's own");
      assert.equal(cache.meta.entropy, undefined, "lmdiff serve's entropies are exact");
    } finally {
      await remote.dispose();
    }
  });

  it("shares the work between two replicas and still equals the local cache", async () => {
    const second = await serve(["tiny-en"]);
    try {
      const before1 = server.requests();
      const remote = await loadModel({ endpoint: [server.url, second.url], model: "tiny-en", tokenizer: "tiny-en", concurrency: 2 });
      const cache = await analyze(remote, dataset, { output: path.join(tmp, "replicas.arrow"), topK: 5 });
      await remote.dispose();
      assertSameScores(localCache, cache);
      assert.ok(
        server.requests() - before1 >= 2 && second.requests() >= 2,
        `${server.requests() - before1} and ${second.requests()} requests`,
      );
    } finally {
      await second.app.close();
      await second.catalog.dispose();
    }
  });

  it("from a server with only the standard fields: exact log-probabilities and top-k, ranks beyond k censored, entropy bounded", async () => {
    const plain = await proxy(server.url, (a) => {
      for (const c of a.choices as Record<string, unknown>[])
        for (const f of ["prompt_logprobs", "lmdiff_prompt_entropy", "lmdiff_rank"]) delete c[f];
      return a;
    });
    try {
      const remote = await loadModel(`${plain.url}#tiny-en`, { tokenizer: "tiny-en" });
      const cache = await analyze(remote, dataset, { output: path.join(tmp, "plain.arrow"), topK: 5 });
      await remote.dispose();
      assert.equal(cache.meta.rankConvention, "censored-beyond-k");
      assert.equal(cache.meta.entropy, "bounds");
      assertSameScores(localCache, cache, { ranks: "censored", entropy: "bounded" });
      // The cache with its bounds survives reopening and validation.
      assertSameScores(localCache, AnalysisCache.open(cache.path), { ranks: "censored", entropy: "bounded" });
      // Compared (streamed from the files), the notes say what is bounded; the log-probability measures are exact.
      const files = compareCaches(localCache.path, cache.path);
      const inMemory = compareCaches(localCache, AnalysisCache.open(cache.path));
      for (const r of [files, inMemory]) {
        assert.equal(r.notes.length, 2, r.notes.join("; "));
        assert.match(r.notes[0], /^model 2 \(tiny-en, scored by http:.*\): ranks beyond its top 5 are not known and are recorded as 6/);
        assert.match(r.notes[1], /entropies were not measured .* entropy_diff is NaN/);
        assert.ok(
          r.values("logprob_diff").every((v) => v === 0 || Number.isNaN(v)),
          "same model: no log-probability difference",
        );
      }
      assert.deepEqual(files.values("prob_diff"), inMemory.values("prob_diff"));
      // And as a Parquet dataset, the bounds columns included.
      const written = await writeParquetDataset(cache, path.join(tmp, "plain-parquet"));
      assert.equal(written.rows, cache.doc.length);
    } finally {
      await plain.close();
    }
  });

  it("refuses a malformed answer in one line naming the request, writes no cache, and resumes on the next run", async () => {
    const out = path.join(tmp, "resumed.arrow");
    const bad = await proxy(server.url, (a, n) => {
      // The third answer loses a position.
      if (n === 2) (a.choices as Record<string, unknown[]>[])[0].prompt_logprobs.pop();
      return a;
    });
    const remote = await loadModel(`${bad.url}#tiny-en`, { tokenizer: "tiny-en", concurrency: 1 });
    let docsBefore = 0;
    await assert.rejects(analyze(remote, dataset, { output: out, topK: 5, onProgress: (p) => (docsBefore = p.docs) }), (e: Error) =>
      /^lmdiff: request for texts [\d, …]+ to tiny-en \(prompt 1 of \d+\): malformed answer: prompt_logprobs has \d+ entries for a prompt of \d+ tokens$/.test(
        e.message,
      ),
    );
    await remote.dispose();
    await bad.close();
    assert.ok(!fs.existsSync(out));
    const good = await loadModel(`${server.url}#tiny-en`, { tokenizer: "tiny-en" });
    let resumedFrom = -1;
    const cache = await analyze(good, dataset, {
      output: out,
      topK: 5,
      onProgress: (p) => (resumedFrom = resumedFrom < 0 ? p.docs : resumedFrom),
    });
    await good.dispose();
    assert.ok(resumedFrom > 0 && resumedFrom <= docsBefore, `resumed from ${resumedFrom} (the failed run reached ${docsBefore})`);
    assertSameScores(localCache, cache);
  });

  it("preprocesses a project with a remote and a local model, which lmdiff serve then serves", async () => {
    const remote = await loadModel(`${server.url}#tiny-en`, { tokenizer: "tiny-en" });
    const distil = await loadModel("tiny-en-distil", { workers: 0 });
    const out = path.join(tmp, "project");
    try {
      const cfg = await preprocessProject(remote, distil, inlineDataset(texts.slice(0, 40), "remote-project"), out, { topK: 5 });
      const recorded = cfg.models.find((m) => m.spec === `${server.url}#tiny-en`);
      assert.ok(recorded?.tokenizer, "the project records the remote model's tokenizer");
      assert.equal(recorded.onnx, undefined);
    } finally {
      await remote.dispose();
      await distil.dispose();
    }
    const catalog = await Catalog.fromProject(out, { workers: 0 });
    try {
      const r = catalog.comparison("tiny-en", "tiny-en-distil", "remote-project");
      assert.equal(r.table.numRows, 40);
      assert.ok(catalog.model("tiny-en").remote, "served again through the remote server");
    } finally {
      await catalog.dispose();
    }
  });

  it("compares a remote and a local model on a text with compare(), as two local ones", async () => {
    const remote = await loadModel(`${server.url}#tiny-en`, { tokenizer: "tiny-en" });
    const text = "The quick brown fox jumps over the lazy dog.";
    try {
      const r = await compare(remote, "tiny-en-distil", text);
      const l = await compare(local, "tiny-en-distil", text);
      // The local pair is scored jointly and carries KL, JS and TV too; every field the remote comparison has is the same.
      const lRows = l.toArray();
      r.toArray().forEach((row, i) => {
        const same = Object.fromEntries(Object.keys(row).map((key) => [key, (lRows[i] as unknown as Record<string, unknown>)[key]]));
        assert.deepEqual(row, same, `token ${i}`);
      });
      assert.equal(tokenLevel(r.data).pair, undefined, "no joint measures with a remote model");
    } finally {
      await remote.dispose();
    }
  });

  it("takes the tokenizer from a hub repo without downloading its weights", async () => {
    const hub = await startFakeHub({ "lmdiff-test/tiny-en": path.join(__dirname, "..", "..", "models", "tiny-en") });
    try {
      const remote = await loadModel(`${server.url}#tiny-en`, {
        tokenizer: "lmdiff-test/tiny-en",
        hubUrl: hub.url,
        cacheDir: path.join(tmp, "hub"),
      });
      await remote.dispose();
      assert.equal(remote.fingerprint, local.fingerprint);
      assert.ok(hub.requests.some((r) => r.includes("tokenizer.json")));
      assert.ok(!hub.requests.some((r) => r.includes(".onnx")), hub.requests.join(", "));
    } finally {
      await hub.close();
    }
  });

  it("names the served models when the name is wrong, and refuses masked models", async () => {
    await assert.rejects(
      loadModel(`${server.url}#gpt2`, { tokenizer: "tiny-en" }),
      /does not serve "gpt2" \(it serves "tiny-en", "tiny-en-distil"\)/,
    );
    const masked = await serve(["tiny-mlm-en", "tiny-mlm-en-distil"]);
    try {
      const r = await fetch(`${masked.url}/completions`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "tiny-mlm-en", prompt: [1, 2] }),
      });
      assert.equal(r.status, 400);
      assert.match(((await r.json()) as { error: string }).error, /masked model/);
    } finally {
      await masked.app.close();
      await masked.catalog.dispose();
    }
  });

  it("answers a prompt longer than the context with vLLM's 400", async () => {
    const r = await fetch(`${server.url}/completions`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "tiny-en", prompt: Array.from({ length: 128 }, () => 5), max_tokens: 1 }),
    });
    assert.equal(r.status, 400);
    assert.match(((await r.json()) as { error: string }).error, /maximum context length is 128 tokens/);
  });

  it("works in `lmdiff text` with one remote and one local model", async () => {
    // The CLI's own main(), run in a child (this process serves the model).
    const args = ["text", `${server.url}#tiny-en`, "tiny-en-distil", "The cat sat on the mat.", "--json", "--tokenizer", "tiny-en"];
    const { stdout } = await run(process.execPath, ["--import", "tsx", "-e", RUN_MAIN, ...args], {
      cwd: path.join(__dirname, "..", ".."),
      env: { ...process.env, LMDIFF_PROGRESS: "0" },
    }).catch((e: { stderr: string }) => assert.fail(e.stderr));
    const j = JSON.parse(stdout) as { tokens: unknown[]; notes: string[] };
    assert.ok(j.tokens.length > 3);
    assert.deepEqual(j.notes, [], "lmdiff serve measures everything exactly");
  });
});
