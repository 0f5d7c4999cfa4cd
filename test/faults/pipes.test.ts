/**
 * Output through pipes: a large `lmdiff text --json` or `lmdiff export`
 * to a pipe arrives whole (Node's pipe writes are asynchronous, and an
 * early process.exit used to cut them at 64 KB); a reader that closes the
 * pipe early ends lmdiff quietly.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import type { TokenRow } from "../../src/api/InstanceComparison.ts";
import { BIN, cliEnv, tempDir } from "./faultKit.ts";

const dir = tempDir("pipes");
const long = "The cat sat on the mat, and the dog ate the bone. ".repeat(160);

/** Run lmdiff piped into a shell command, as a user's `lmdiff … | cmd` would. */
function piped(args: string[], into: string) {
  const quoted = args.map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ");
  const r = spawnSync("bash", ["-c", `set -o pipefail; '${process.execPath}' '${BIN}' ${quoted} | ${into}`], {
    encoding: "utf8",
    env: cliEnv(dir),
    cwd: dir,
    maxBuffer: 256 << 20,
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test("lmdiff text --json through a slow pipe arrives whole and parses", () => {
  // `sleep` before reading lets the pipe fill, so lmdiff's exit races the flush.
  const r = piped(["text", "tiny-en", "tiny-en-distil", long, "--json"], "(sleep 0.5; cat)");
  assert.equal(r.code, 0, r.err);
  assert.ok(r.out.length > 1 << 20, `more than 1 MB of JSON (${r.out.length} bytes)`);
  const j = JSON.parse(r.out) as { tokens: TokenRow[] };
  assert.equal(j.tokens.length, j.tokens.at(-1)!.i + 1);
});

test("lmdiff export to standard output through a pipe gives a complete SVG", () => {
  const r = piped(
    ["export", "--m1", "tiny-en", "--m2", "tiny-en-distil", "--text", long.slice(0, 3000), "--view", "composite"],
    "(sleep 0.3; cat)",
  );
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^<svg[\s\S]*<\/svg>\s*$/);
});

test("a reader that closes the pipe early ends lmdiff quietly, without a stack trace", () => {
  const r = piped(["text", "tiny-en", "tiny-en-distil", long, "--json"], "head -c 100 >/dev/null");
  assert.equal(r.err.trim(), "", `nothing on stderr: ${r.err}`);
});
