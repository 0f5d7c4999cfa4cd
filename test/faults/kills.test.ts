/**
 * kill -9 at random times and at each phase of an analysis (scoring,
 * writing parts, merging) and of a comparison: the rerun must give the
 * reference rows and leave no stray file.  Seeded; bounded to a few
 * trials so the whole file stays under a minute.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, test } from "node:test";
import { assertNoCrash, assertSameRows, corpusFile, lmdiff, seeded, sleep, start, strays, tempDir } from "./faultKit.ts";

const dir = tempDir("kills");
let corpus = "";
let reference = "";
let fullMs = 0;

before(() => {
  corpus = corpusFile(dir, 700);
  reference = path.join(dir, "reference.arrow");
  const t0 = Date.now();
  const r = lmdiff(dir, ["analyze", "tiny-en-distil", corpus, "-o", reference]);
  fullMs = Date.now() - t0;
  assert.equal(r.code, 0, r.err);
});

/** Kill an analysis after `ms`, then run it again to its end and check the result. */
async function killAndRerun(out: string, kill: (child: import("node:child_process").ChildProcess) => Promise<void>): Promise<void> {
  const run = start(dir, ["analyze", "tiny-en-distil", corpus, "-o", out]);
  await kill(run.child);
  await run.done;
  const again = lmdiff(dir, ["analyze", "tiny-en-distil", corpus, "-o", out]);
  assert.equal(again.code, 0, again.err);
  assertNoCrash(again);
  assertSameRows(out, reference);
  assert.deepEqual(strays(dir), [], "no partial folder, lock or temporary file is left");
}

test("kill -9 at random times during an analysis: the rerun gives the reference rows and leaves nothing behind", async () => {
  const rand = seeded(11);
  for (let trial = 0; trial < 3; trial++) {
    const at = Math.round(150 + rand() * fullMs);
    await killAndRerun(path.join(dir, `random-${trial}.arrow`), async (child) => {
      await sleep(at);
      child.kill("SIGKILL");
    });
  }
});

test("kill -9 while a part is being written: the rerun resumes from the finished parts", async () => {
  const out = path.join(dir, "parts.arrow");
  await killAndRerun(out, async (child) => {
    // A part's temporary file appears in OUT.partial/ just before its rename.
    const partDir = `${out}.partial`;
    const t0 = Date.now();
    for (;;) {
      if (fs.existsSync(partDir) && fs.readdirSync(partDir).some((f) => f.startsWith("part-") && f.endsWith(".tmp"))) break;
      if (fs.existsSync(partDir) && fs.readdirSync(partDir).filter((f) => f.startsWith("part-")).length >= 2) break;
      if (Date.now() - t0 > 30_000) break;
      await sleep(2);
    }
    child.kill("SIGKILL");
  });
});

test("kill -9 during the merge of parts: the rerun gives the reference rows and removes the half-merged file", async (t) => {
  const out = path.join(dir, "merge.arrow");
  let caught = false;
  await killAndRerun(out, async (child) => {
    // The merge writes OUT.PID.*.tmp beside the output.
    const t0 = Date.now();
    for (;;) {
      if (fs.readdirSync(dir).some((f) => f.startsWith("merge.arrow.") && f.endsWith(".tmp"))) {
        caught = true;
        break;
      }
      if (fs.existsSync(out) || Date.now() - t0 > 30_000) break;
      await sleep(1);
    }
    child.kill("SIGKILL");
  });
  t.diagnostic(caught ? "killed while the merged file was being written" : "the merge was over before the kill");
});

test("kill -9 while compare writes its results: the rerun writes the complete table and no temporary file stays", async () => {
  const other = path.join(dir, "other.arrow");
  const r = lmdiff(dir, ["analyze", "tiny-en", corpus, "-o", other]);
  assert.equal(r.code, 0, r.err);
  const expected = path.join(dir, "expected.parquet");
  assert.equal(lmdiff(dir, ["compare", reference, other, "-o", expected]).code, 0);
  const rand = seeded(5);
  for (let trial = 0; trial < 2; trial++) {
    const out = path.join(dir, `results-${trial}.parquet`);
    const run = start(dir, ["compare", reference, other, "-o", out]);
    await sleep(200 + rand() * 800);
    run.child.kill("SIGKILL");
    await run.done;
    // Whatever the timing: the table is either absent or complete.
    if (fs.existsSync(out)) assert.deepEqual(fs.readFileSync(out), fs.readFileSync(expected));
    const again = lmdiff(dir, ["compare", reference, other, "-o", out]);
    assert.equal(again.code, 0, again.err);
    assert.deepEqual(fs.readFileSync(out), fs.readFileSync(expected));
  }
  assert.deepEqual(strays(dir), []);
});
