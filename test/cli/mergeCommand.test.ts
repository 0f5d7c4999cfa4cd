import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, mock, test } from "node:test";
import { main } from "../../src/cli/main.ts";

// These tests run the commands in-process from the sources (test/cli/cli.test.ts runs the built CLI).
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-merge-command-"));
const file = (name: string) => path.join(dir, name);
const data = file("texts.txt");
fs.writeFileSync(
  data,
  ["The quick brown fox jumps over the lazy dog.", "In the beginning was the Word.", "A third line.", "And a fourth."].join("\n"),
);
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * Run `lmdiff ...args` in this process, capturing the text it writes.  The
 * test runner reports earlier tests on the same stdout, in binary, while a
 * command runs; those writes are passed through.
 */
async function lmdiff(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const capture = (stream: NodeJS.WriteStream, into: string[]) => {
    const write = stream.write.bind(stream) as (chunk: unknown) => boolean;
    return mock.method(stream, "write", (chunk: unknown) => (typeof chunk === "string" ? into.push(chunk) > 0 : write(chunk)));
  };
  const stdout = capture(process.stdout, out);
  const stderr = capture(process.stderr, err);
  try {
    const code = await main(["node", "lmdiff", ...args]);
    return { code, out: out.join(""), err: err.join("") };
  } finally {
    stdout.mock.restore();
    stderr.mock.restore();
  }
}

function assertOneLineError(r: { code: number; err: string }, pattern: RegExp) {
  assert.equal(r.code, 1, r.err);
  const lines = r.err.trim().split("\n");
  assert.equal(lines.length, 1, `one line on stderr, got: ${r.err}`);
  assert.match(lines[0], /^lmdiff: /);
  assert.match(lines[0], pattern);
}

/** `lmdiff analyze tiny-en texts.txt` with its common options. */
const analyze = (...args: string[]) => lmdiff("analyze", "tiny-en", data, "--workers", "0", "--top-k", "5", ...args);

test("lmdiff analyze --shard i/n -o PART, then lmdiff merge PART... -o CACHE, writes the cache lmdiff analyze writes", async () => {
  const full = await analyze("-o", file("full.arrow"));
  assert.equal(full.code, 0, full.err);
  for (const i of [0, 1]) {
    const r = await analyze("--shard", `${i}/2`, "-o", file(`part${i}.arrow`));
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, `${file(`part${i}.arrow`)}\n`);
    assert.match(
      r.err,
      new RegExp(`lmdiff: shard ${i}/2: documents ${2 * i} to ${2 * i + 1} of 4; join the 2 shards with lmdiff merge\\n$`),
    );
  }
  const r = await lmdiff("merge", file("part1.arrow"), file("part0.arrow"), "-o", file("merged.arrow"));
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, `${file("merged.arrow")}\n`);
  assert.match(r.err, /^lmdiff: 2 shards merged: 4 texts, \d+ tokens\n$/);
  assert.deepEqual(fs.readFileSync(file("merged.arrow")), fs.readFileSync(file("full.arrow")));
});

test("lmdiff --quiet merge prints the cache's path alone", async () => {
  const r = await lmdiff("--quiet", "merge", file("part0.arrow"), file("part1.arrow"), "-o", file("quiet.arrow"));
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, `${file("quiet.arrow")}\n`);
  assert.equal(r.err, "");
});

test("lmdiff merge names a missing shard in one line and writes nothing", async () => {
  assertOneLineError(await lmdiff("merge", file("part0.arrow"), "-o", file("missing.arrow")), /^lmdiff: missing shard 1\/2 /);
  assert.ok(!fs.existsSync(file("missing.arrow")));
});

test("lmdiff merge refuses a shard given twice and shards of another analysis in one line", async () => {
  assertOneLineError(
    await lmdiff("merge", file("part0.arrow"), file("part0.arrow"), file("part1.arrow"), "-o", file("dup.arrow")),
    /shard 0\/2 is given twice/,
  );
  const other = await lmdiff("analyze", "tiny-en", data, "--workers", "0", "--top-k", "3", "--shard", "1/2", "-o", file("k3-part1.arrow"));
  assert.equal(other.code, 0, other.err);
  assertOneLineError(
    await lmdiff("merge", file("part0.arrow"), file("k3-part1.arrow"), "-o", file("mixed.arrow")),
    /part0\.arrow and .*k3-part1\.arrow differ in top-k \(5 vs 3\)/,
  );
});

test("lmdiff compare refuses a shard, pointing to lmdiff merge", async () => {
  assertOneLineError(await lmdiff("compare", file("part0.arrow"), file("full.arrow")), /is shard 0 of 2 .* lmdiff merge/);
});

test("lmdiff analyze rejects a bad --shard in one line, before loading the model", async () => {
  for (const [shard, why] of [
    ["3/3", /invalid --shard "3\/3" \(the shards of 3 are numbered 0 to 2\)/],
    ["-1/2", /invalid --shard "-1\/2" \(the shards of 2 are numbered 0 to 1\)/],
    ["a/b", /invalid --shard "a\/b" \(expected i\/n/],
    ["0/0", /invalid --shard "0\/0" \(the number of shards must be at least 1\)/],
  ] as const)
    assertOneLineError(await lmdiff("analyze", "no-such-model", data, "--shard", shard, "-o", file("bad.arrow")), why);
  assertOneLineError(await lmdiff("analyze", "no-such-model", data, "--shard", "0/2"), /--shard 0\/2 needs -o FILE/);
});
