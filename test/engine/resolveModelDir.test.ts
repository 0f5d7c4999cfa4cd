import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { resolveModelDir } from "../../src/engine/resolveModelDir.ts";

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
