/**
 * Cancellation at random times: an AbortSignal fired during a corpus
 * compare() (loading, scoring either model, comparing) must reject with a
 * `cancelled` LmdiffError that the caller's catch receives, and Ctrl-C on
 * `lmdiff analyze` must exit 130 with a one-line note; never a native
 * crash.  The interrupted analysis then resumes to the reference rows.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { before, test } from "node:test";
import { assertNoCrash, assertSameRows, corpusFile, lmdiff, ROOT, seeded, sleep, start, strays, tempDir } from "./faultKit.ts";

const dir = tempDir("cancel");
let corpus = "";
let reference = "";
let fullMs = 0;
before(() => {
  corpus = corpusFile(dir, 500);
  reference = path.join(dir, "reference.arrow");
  const t0 = Date.now();
  const r = lmdiff(dir, ["analyze", "tiny-en-distil", corpus, "-o", reference]);
  fullMs = Date.now() - t0;
  assert.equal(r.code, 0, r.err);
});

test("an AbortSignal fired at a random time during a corpus compare() reaches the caller's catch as a cancelled error", () => {
  const rand = seeded(7);
  const outcomes: string[] = [];
  for (let trial = 0; trial < 4; trial++) {
    const delay = Math.round(rand() * 2 * fullMs);
    const cacheDir = path.join(dir, `api-${trial}`);
    const script = `
      const { compare, loadDataset } = require(${JSON.stringify(path.join(ROOT, "lib", "cjs", "index.js"))});
      const texts = require("node:fs").readFileSync(${JSON.stringify(corpus)}, "utf8").trim().split("\\n");
      const ac = new AbortController();
      setTimeout(() => ac.abort(), ${delay});
      compare("tiny-en", "tiny-en-distil", texts, { signal: ac.signal, cacheDir: ${JSON.stringify(cacheDir)} })
        .then(() => console.log("finished"), (e) => console.log("caught " + e.code + ": " + e.message));`;
    const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 120_000 });
    assert.equal(r.status, 0, `exit 0 after ${delay} ms, got ${r.status} (${r.signal}):\n${r.stderr}`);
    assertNoCrash({ code: r.status, signal: r.signal, out: r.stdout, err: r.stderr });
    assert.match(r.stdout.trim(), /^(finished|caught cancelled: lmdiff: cancel)/, r.stdout);
    outcomes.push(r.stdout.startsWith("caught") ? "cancelled" : "finished");
    assert.deepEqual(
      strays(cacheDir).filter((f) => !f.endsWith(".partial")),
      [],
      "no lock or temporary file is left",
    );
  }
  assert.ok(outcomes.includes("cancelled"), `some trials were cancelled mid-way (${outcomes.join(", ")})`);
});

test("Ctrl-C at a random time during lmdiff analyze exits 130 with a one-line note, and the rerun resumes to the reference rows", async (t) => {
  t.diagnostic(`an uninterrupted run takes ${fullMs} ms`);
  const rand = seeded(3);
  let interrupted = 0;
  for (let trial = 0; trial < 3; trial++) {
    const out = path.join(dir, `sigint-${trial}.arrow`);
    const run = start(dir, ["analyze", "tiny-en-distil", corpus, "-o", out]);
    await sleep(Math.round(500 + rand() * 0.6 * fullMs));
    run.child.kill("SIGINT");
    const r = await run.done;
    assertNoCrash(r);
    if (r.code === 0) continue; // finished before the signal
    // Before the command's handler is installed (while Node loads lib/),
    // Ctrl-C ends the process the default way: nothing was written yet.
    if (r.signal !== "SIGINT") {
      interrupted++;
      assert.equal(r.code, 130, `exit 130, got ${r.code} (${r.signal}): ${r.err}`);
      assert.match(r.err, /interrupted; finished parts are kept, rerun the same command to resume/);
    }
    const again = lmdiff(dir, ["analyze", "tiny-en-distil", corpus, "-o", out]);
    assert.equal(again.code, 0, again.err);
    assertSameRows(out, reference);
  }
  assert.ok(interrupted >= 2, `most trials were interrupted mid-way (${interrupted} of 3)`);
  assert.deepEqual(
    strays(dir).filter((f) => path.basename(f).startsWith("sigint-")),
    [],
  );
});
