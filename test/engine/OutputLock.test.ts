import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { OutputLock } from "../../src/engine/OutputLock.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-lock-"));

/** The pid of a process that has just exited (so certainly not running). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(r.stdout);
}

test("OutputLock.acquire gives the output to one run at a time; the second waits for release", async () => {
  const out = path.join(dir, "a.arrow");
  const first = await OutputLock.acquire(out);
  let waited: number | null = null;
  let got = false;
  const second = OutputLock.acquire(out, { pollMs: 20, onWait: (h) => (waited = h.pid) }).then((l) => {
    got = true;
    return l;
  });
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(got, false, "the second run waits while the first holds the output");
  assert.equal(waited, process.pid, "onWait names the holder");
  first.release();
  const l2 = await second;
  assert.equal(got, true);
  l2.release();
  assert.equal(fs.existsSync(`${out}.lock`), false, "released locks leave no file");
});

test("OutputLock.acquire breaks the lock of a killed run at once", async () => {
  const out = path.join(dir, "b.arrow");
  fs.writeFileSync(`${out}.lock`, JSON.stringify({ pid: deadPid(), host: os.hostname(), since: new Date().toISOString() }));
  const t0 = Date.now();
  const lock = await OutputLock.acquire(out, { pollMs: 20 });
  assert.ok(Date.now() - t0 < 1000, "no waiting for a dead owner");
  assert.equal((JSON.parse(fs.readFileSync(`${out}.lock`, "utf8")) as { pid: number }).pid, process.pid);
  lock.release();
});

test("OutputLock.acquire breaks an unreadable lock only once it is old", async () => {
  const out = path.join(dir, "c.arrow");
  fs.writeFileSync(`${out}.lock`, "");
  const old = new Date(Date.now() - 60_000);
  fs.utimesSync(`${out}.lock`, old, old);
  const lock = await OutputLock.acquire(out, { pollMs: 20 });
  lock.release();
});

test("OutputLock.acquire keeps waiting for a live owner on another host and stops on abort", async () => {
  const out = path.join(dir, "d.arrow");
  fs.writeFileSync(`${out}.lock`, JSON.stringify({ pid: deadPid(), host: "another-host", since: "x" }));
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 100);
  await assert.rejects(
    OutputLock.acquire(out, { pollMs: 20, signal: ac.signal }),
    (e: Error & { code?: string }) => e.code === "cancelled" && /^lmdiff: /.test(e.message),
  );
  assert.ok(fs.existsSync(`${out}.lock`), "another host's lock is never broken");
});

test("OutputLock.release is idempotent and never removes a lock another run took", async () => {
  const out = path.join(dir, "e.arrow");
  const lock = await OutputLock.acquire(out);
  fs.writeFileSync(`${out}.lock`, JSON.stringify({ pid: 1, host: "other", since: "y" }));
  lock.release();
  lock.release();
  assert.ok(fs.existsSync(`${out}.lock`));
});

test("a process that exits without releasing frees its output", () => {
  const out = path.join(dir, "f.arrow");
  const src = path.join(__dirname, "..", "..", "src", "engine", "OutputLock.ts");
  const code = `require(${JSON.stringify(src)}).OutputLock.acquire(${JSON.stringify(out)}).then(() => process.exit(3));`;
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", code], { encoding: "utf8" });
  assert.equal(r.status, 3, r.stderr);
  assert.equal(fs.existsSync(`${out}.lock`), false);
});
