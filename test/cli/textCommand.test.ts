import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import type { TokenRow } from "../../src/api/InstanceComparison.ts";
import { RUN_MAIN } from "../helpers/runMain.ts";

// Unlike cli.test.ts, which runs the built bin/lmdiff.js, these tests run
// the CLI from its TypeScript source through tsx, so they need no build:
// the same main() that bin/lmdiff.js calls, with its exit code.  The code
// is set rather than passed to process.exit(), which here cut the large
// --json output short before the pipe had taken it all.
const ROOT = path.join(__dirname, "..", "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-text-"));
const env = { ...process.env, LMDIFF_CACHE: path.join(dir, "cache"), FORCE_COLOR: "" };

function lmdiff(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", RUN_MAIN, ...args], {
    encoding: "utf8",
    env,
    cwd: ROOT,
    timeout: 120_000,
    maxBuffer: 64 << 20,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test("lmdiff text --top-k larger than the vocabulary fails with one line naming the range", () => {
  const r = lmdiff("text", "tiny-en", "tiny-en-distil", "Hello world", "--top-k", "100000", "--json");
  assert.notEqual(r.code, 0, "exits non-zero");
  assert.equal(r.out, "", "prints no comparison");
  assert.equal(r.err, "lmdiff: invalid top-k 100000 (expected an integer from 1 to 4096, the vocabulary size)\n");
});

test("lmdiff text --top-k equal to the vocabulary size is accepted", () => {
  const r = lmdiff("text", "tiny-en", "tiny-en-distil", "Hi", "--top-k", "4096", "--json");
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as { k: number; tokens: TokenRow[] };
  assert.equal(j.k, 4096);
  assert.equal(j.tokens[0].topk_1.length, 4096);
});
