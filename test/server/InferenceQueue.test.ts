import assert from "node:assert/strict";
import { test } from "node:test";
import type { LmdiffError } from "../../src/core/LmdiffError.ts";
import { InferenceQueue, QueueFullError } from "../../src/server/InferenceQueue.ts";

function gate() {
  let open!: () => void;
  const p = new Promise<void>((r) => (open = r));
  return { p, open };
}

test("InferenceQueue.run runs jobs one at a time, in arrival order", async () => {
  const q = new InferenceQueue();
  const order: string[] = [];
  let running = 0;
  const job = (name: string) => async () => {
    running++;
    assert.equal(running, 1, "never two at once");
    order.push(name);
    await new Promise((r) => setTimeout(r, 5));
    running--;
    return name;
  };
  const out = await Promise.all(["a", "b", "c"].map((n) => q.run(job(n))));
  assert.deepEqual(out, ["a", "b", "c"]);
  assert.deepEqual(order, ["a", "b", "c"]);
  assert.equal(q.stats().completed, 3);
});

test("InferenceQueue.run refuses a job with a 429 QueueFullError when maxWaiting jobs wait", async () => {
  const q = new InferenceQueue({ maxWaiting: 2 });
  const g = gate();
  const held = [q.run(() => g.p), q.run(() => g.p), q.run(() => g.p)];
  assert.deepEqual([q.stats().running, q.stats().waiting], [1, 2]);
  const err = await q.run(() => Promise.resolve(1)).catch((e: unknown) => e);
  assert.ok(err instanceof QueueFullError);
  assert.equal(err.status, 429);
  assert.ok(err.retryAfter >= 1);
  assert.match(err.message, /^lmdiff: the analysis queue is full/);
  g.open();
  await Promise.all(held);
  assert.equal(await q.run(() => Promise.resolve(7)), 7, "accepts work again once drained");
  assert.equal(q.stats().refused, 1);
});

test("InferenceQueue.run aborts the job's signal and rejects with 503 after the time limit", async () => {
  const q = new InferenceQueue({ timeoutMs: 30 });
  let seen: AbortSignal | undefined;
  const err = await q
    .run(
      (signal) =>
        new Promise<never>((_, reject) => {
          seen = signal;
          signal.addEventListener("abort", () => setTimeout(() => reject(new Error("stopped")), 5));
        }),
    )
    .catch((e: unknown) => e as LmdiffError);
  assert.equal(err.status, 503);
  assert.match(err.message, /took longer than 0.03 s/);
  assert.equal(seen?.aborted, true);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(q.stats().running, 0, "the slot is freed once the job has stopped");
});

test("InferenceQueue.run counts the time limit from enqueueing, so a waiting job times out too", async () => {
  const q = new InferenceQueue({ timeoutMs: 40 });
  const g = gate();
  const first = q.run(() => g.p).catch((e: unknown) => e);
  let ran = false;
  const err = (await q
    .run(() => {
      ran = true;
      return Promise.resolve();
    })
    .catch((e: unknown) => e)) as LmdiffError;
  assert.equal(err.status, 503);
  assert.equal(q.stats().waiting, 0, "the timed-out job left the queue");
  g.open();
  await first;
  assert.equal(ran, false, "a timed-out waiting job never runs");
});

test("InferenceQueue.run drops a waiting job whose caller's signal fires (the client went away)", async () => {
  const q = new InferenceQueue();
  const g = gate();
  const first = q.run(() => g.p);
  const ac = new AbortController();
  let ran = false;
  const second = q
    .run(
      () => {
        ran = true;
        return Promise.resolve();
      },
      { signal: ac.signal },
    )
    .catch((e: unknown) => e);
  ac.abort();
  const err = (await second) as LmdiffError;
  assert.equal(err.status, 499);
  g.open();
  await first;
  assert.equal(ran, false);
});

test("InferenceQueue.run turns a synchronous throw into a rejection and keeps going", async () => {
  const q = new InferenceQueue();
  await assert.rejects(
    q.run(() => {
      throw new Error("boom");
    }),
    /boom/,
  );
  assert.equal(await q.run(() => Promise.resolve("ok")), "ok");
});
