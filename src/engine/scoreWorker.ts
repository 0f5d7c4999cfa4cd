/**
 * Entry point of a ScorerPool worker thread: one onnxruntime session of the
 * model (and, when needed, a statistics session), running ScoreJobs sent by
 * the main thread.  Messages: "ready" once the session exists, then one
 * { id, result } or { id, error } per job.
 */
import { parentPort, workerData } from "node:worker_threads";
import type * as ort from "onnxruntime-node";
import { createSession, type ModelSource } from "./createSession.js";
import { runScoreJob, type ScoreJob } from "./ScoreJob.js";
import type { StatsResult } from "./Stats.js";

interface Init {
  model: ModelSource;
  threads: number;
}

async function main() {
  const init = workerData as Init;
  const session = await createSession(init.model, init.threads);
  // Jobs run concurrently (the pool keeps two per worker); closing waits for them.
  const running = new Set<Promise<void>>();
  parentPort!.on("message", (msg: { id: number; job: ScoreJob } | "close") => {
    if (msg === "close") return void close(session, running);
    const run = runJob(session, msg, init.threads);
    running.add(run);
    void run.finally(() => running.delete(run));
  });
  parentPort!.postMessage("ready");
}

async function runJob(session: ort.InferenceSession, msg: { id: number; job: ScoreJob }, threads: number): Promise<void> {
  try {
    const r: StatsResult = await runScoreJob(session, msg.job, threads);
    // Results move to the main thread without a copy.
    const buffers = [r.logprob, r.above, r.entropy, r.topkLogprob, r.topkIds, ...(r.dist ? [r.dist.data] : [])].map(
      (a) => a.buffer as ArrayBuffer,
    );
    try {
      parentPort!.postMessage({ id: msg.id, result: r }, [...new Set(buffers)]);
    } catch {
      // Buffers onnxruntime owns may not be transferable: copy them.
      parentPort!.postMessage({ id: msg.id, result: r });
    }
  } catch (e) {
    parentPort!.postMessage({ id: msg.id, error: (e as Error).message ?? String(e) });
  }
}

/**
 * Leave in order: finish the jobs in flight, release the session, then end
 * the thread.  Terminating a worker while onnxruntime runs inside it ends
 * the whole process with a native error ("terminate called after throwing
 * an instance of 'Napi::Error'"), which is why the pool asks rather than
 * terminates.
 */
async function close(session: ort.InferenceSession, running: Set<Promise<void>>): Promise<void> {
  await Promise.allSettled([...running]);
  await session.release().catch(() => undefined);
  process.exit(0);
}

main().catch((e) => {
  parentPort!.postMessage({ fatal: (e as Error).message ?? String(e) });
});
