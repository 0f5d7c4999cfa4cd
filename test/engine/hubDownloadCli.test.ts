import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { startFakeHub } from "../helpers/fakeHub.ts";

// The CLI's --dtype and download display, run from the TypeScript source (no build needed) against a
// loopback fake hub.  The child is spawned asynchronously: the fake hub answers from this process.
const ROOT = path.join(__dirname, "..", "..");
const RUN_MAIN =
  'require("./src/cli/main.ts").main([process.execPath, "lmdiff", ...process.argv.slice(1)]).then((c) => { process.exitCode = c; })';

function lmdiff(env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "-e", RUN_MAIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, FORCE_COLOR: "", HF_HUB_OFFLINE: "", LMDIFF_OFFLINE: "", ...env },
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, out, err })));
}

test("lmdiff text with a hub model prints one line per downloaded file when stderr is not a terminal, nothing with --quiet", async () => {
  const hub = await startFakeHub({ "lmdiff-test/tiny-en": path.join(ROOT, "models", "tiny-en") });
  const env = { HF_ENDPOINT: hub.url, LMDIFF_CACHE: fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-cli-hub-")) };
  try {
    const r = await lmdiff(env, "text", "lmdiff-test/tiny-en", "tiny-en", "Hello", "--json");
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(r.err.trim().split("\n"), [
      "lmdiff: downloading config.json (1 KB)",
      "lmdiff: downloading tokenizer.json (99 KB)",
      "lmdiff: downloading tokenizer_config.json (1 KB)",
      "lmdiff: downloading generation_config.json (1 KB)",
      "lmdiff: downloading onnx/model.onnx (2.6 MB)",
    ]);
    assert.equal((JSON.parse(r.out) as { models: { name: string }[] }).models[0].name, "lmdiff-test/tiny-en");
    const again = await lmdiff({ ...env, HF_ENDPOINT: "http://127.0.0.1:9" }, "text", "lmdiff-test/tiny-en", "tiny-en", "Hello", "--json");
    assert.equal(again.code, 0, again.err);
    assert.equal(again.err, "", "cached: nothing to download");
    const quiet = await lmdiff(
      { ...env, LMDIFF_CACHE: fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-cli-hub-")) },
      "text",
      "lmdiff-test/tiny-en",
      "tiny-en",
      "Hello",
      "--json",
      // After the command: node itself would take a leading --quiet.
      "--quiet",
    );
    assert.equal(quiet.code, 0, quiet.err);
    assert.equal(quiet.err, "");
  } finally {
    await hub.close();
  }
});

test("lmdiff text --dtype takes one precision for both models or one each, and a wrong one is a one-line error", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-cli-dtype-"));
  fs.cpSync(path.join(ROOT, "models", "tiny-en"), dir, { recursive: true });
  fs.renameSync(path.join(dir, "onnx", "model.onnx"), path.join(dir, "onnx", "model_quantized.onnx"));
  const env = { LMDIFF_CACHE: path.join(dir, "cache") };
  const ok = await lmdiff(env, "text", dir, "tiny-en", "Same weights, two names.", "--dtype", "q8,fp32", "--json");
  assert.equal(ok.code, 0, ok.err);
  const tokens = (JSON.parse(ok.out) as { tokens: { prob_1: number; prob_2: number }[] }).tokens;
  assert.ok(tokens.every((t) => t.prob_1 === t.prob_2));
  const both = await lmdiff(env, "text", dir, "tiny-en", "Hi", "--dtype", "q8");
  assert.notEqual(both.code, 0);
  assert.match(both.err, /^lmdiff: .*tiny-en has no q8 ONNX file .*; it has fp32: pass --dtype fp32\n$/);
  const bad = await lmdiff(env, "text", dir, "tiny-en", "Hi", "--dtype", "q9");
  assert.equal(bad.err, 'lmdiff: invalid --dtype "q9" (expected one of fp32, fp16, q8, int8, uint8, q4, q4f16, bnb4)\n');
  const three = await lmdiff(env, "text", dir, "tiny-en", "Hi", "--dtype", "q8,fp32,fp16");
  assert.equal(three.err, 'lmdiff: invalid --dtype "q8,fp32,fp16" (expected one precision, or two separated by a comma)\n');
  const fp32 = await lmdiff(env, "text", dir, "tiny-en", "Hi", "--dtype", "fp32");
  assert.match(fp32.err, /^lmdiff: .* has no fp32 ONNX file .*; it has q8: pass --dtype q8\n$/);
});

test("with HF_HUB_OFFLINE=1 a hub model that is not in the cache is a one-line error that says how to get it", async () => {
  const r = await lmdiff(
    { HF_HUB_OFFLINE: "1", HF_ENDPOINT: "http://127.0.0.1:9", LMDIFF_CACHE: fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-cli-off-")) },
    "text",
    "lmdiff-test/absent@v2",
    "tiny-en",
    "Hi",
  );
  assert.notEqual(r.code, 0);
  assert.match(
    r.err,
    /^lmdiff: lmdiff-test\/absent@v2 is not in the lmdiff cache \(.*\) and downloads are off \(HF_HUB_OFFLINE or LMDIFF_OFFLINE\); run once without them to download it\n$/,
  );
});
