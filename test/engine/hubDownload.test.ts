import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { downloadHubModel, isHubId } from "../../src/engine/hubDownload.ts";
import { Model } from "../../src/engine/Model.ts";
import { scoreTexts } from "../../src/engine/scoreTexts.ts";
import { startFakeHub } from "../helpers/fakeHub.ts";

const ROOT = path.join(__dirname, "..", "..");

test("isHubId tells owner/name ids from paths and bundled names", () => {
  assert.ok(isHubId("Xenova/gpt2"));
  assert.ok(!isHubId("tiny-en"));
  assert.ok(!isHubId("../x/y"));
  assert.ok(!isHubId("/abs/path"));
});

test("a hub model is downloaded once over HTTP, then loads offline from the cache", async () => {
  const hub = await startFakeHub({ "lmdiff-test/tiny-en": path.join(ROOT, "models", "tiny-en") });
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-hub-"));
  try {
    const m = await Model.load("lmdiff-test/tiny-en", { hubUrl: hub.url, cacheDir: cache });
    assert.equal(m.name, "lmdiff-test/tiny-en");
    assert.ok(hub.requests.some((r) => r.includes("/resolve/main/onnx/model.onnx")));
    const local = await Model.load("tiny-en");
    const ids = local.encode("Downloaded models score like local ones.");
    const [a] = await scoreTexts(m, [ids]);
    const [b] = await scoreTexts(local, [ids]);
    assert.deepEqual(Array.from(a.prob), Array.from(b.prob));
    await m.dispose();
    await local.dispose();
  } finally {
    await hub.close();
  }
  // The server is gone: the second load must come from disk alone.
  const again = await Model.load("lmdiff-test/tiny-en", { hubUrl: "http://127.0.0.1:9", cacheDir: cache });
  assert.equal(again.kind, "causal");
  await again.dispose();
});

test("a hub repo without an ONNX export gets a clear error and leaves no marker", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-repo-"));
  for (const f of ["config.json", "tokenizer.json"]) fs.copyFileSync(path.join(ROOT, "models/tiny-en", f), path.join(dir, f));
  const hub = await startFakeHub({ "lmdiff-test/no-onnx": dir });
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-hub-"));
  try {
    await assert.rejects(downloadHubModel("lmdiff-test/no-onnx", { hubUrl: hub.url, cacheDir: cache }), /has no ONNX file/);
    await assert.rejects(downloadHubModel("lmdiff-test/missing", { hubUrl: hub.url, cacheDir: cache }), /has no config.json|cannot download/);
    assert.ok(!fs.existsSync(path.join(cache, "lmdiff-test--no-onnx", "main", ".lmdiff-complete")));
  } finally {
    await hub.close();
  }
});
