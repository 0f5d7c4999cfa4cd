import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { resolveModelDir } from "../../src/engine/resolveModelDir.ts";
import { startFakeHub } from "../helpers/fakeHub.ts";

const ROOT = path.join(__dirname, "..", "..");

test("resolveModelDir(spec) gives a bundled model's folder", async () => {
  assert.equal(await resolveModelDir("tiny-en"), path.join(ROOT, "models", "tiny-en"));
});

test("resolveModelDir gives a local model folder as an absolute path", async () => {
  const rel = path.relative(process.cwd(), path.join(ROOT, "test/fixtures/legacy-gpt2"));
  assert.equal(await resolveModelDir(rel), path.join(ROOT, "test/fixtures/legacy-gpt2"));
});

test("resolveModelDir refuses a folder without config.json, an empty spec and an unknown name, in one line each", async () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-resolve-"));
  await assert.rejects(resolveModelDir(empty), /is a folder but has no config\.json/);
  await assert.rejects(resolveModelDir(" "), /a model spec is required/);
  await assert.rejects(resolveModelDir("no-such-model"), /unknown model "no-such-model" \(.*bundled: .*tiny-en/);
});

test("resolveModelDir(owner/name@REV) downloads that revision into its own folder; a contradicting revision option is an error", async () => {
  const hub = await startFakeHub({
    "lmdiff-test/tiny": { main: path.join(ROOT, "models", "tiny-en"), v1: path.join(ROOT, "models", "tiny-en") },
  });
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-resolve-"));
  try {
    assert.equal(
      await resolveModelDir("lmdiff-test/tiny@v1", { hubUrl: hub.url, cacheDir: cache }),
      path.join(cache, "lmdiff-test--tiny", "v1"),
    );
    assert.ok(hub.requests.every((r) => r.includes("/resolve/v1/")));
    await assert.rejects(
      resolveModelDir("lmdiff-test/tiny@v1", { hubUrl: hub.url, cacheDir: cache, revision: "main" }),
      /pins revision v1 but the revision option says main; give only one/,
    );
  } finally {
    await hub.close();
  }
});
