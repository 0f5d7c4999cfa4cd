import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { LmdiffError } from "../core/LmdiffError.js";
import type { ModelSource } from "./createSession.js";
import type { ScoreJob } from "./ScoreJob.js";
import type { StatsResult } from "./Stats.js";

interface Pending {
  resolve: (r: StatsResult) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: number;
}

/** How long a worker may take to load its session before the pool gives up on workers. */
const START_TIMEOUT_MS = 120_000;
/** Idle pools close, so a server or notebook does not hold copies of models it only scores single texts with. */
const IDLE_CLOSE_MS = 60_000;

/**
 * Worker threads, each with its own onnxruntime session of one model,
 * that run ScoreJobs in parallel.
 *
 * Why: onnxruntime-node runs a session on the JavaScript main thread, and
 * a small model's operators are too short for intra-op threads to pay off
 * (on 2 cores one session scored 42k tokens/s with one thread and 41–52k
 * with two).  Independent batches on one single-threaded session per core
 * scored 72k tokens/s, and the main thread stays free to tokenise and
 * write while the workers compute.
 */
export class ScorerPool {
  private readonly slots: Slot[];
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private dead: Error | null = null;
  private closing?: Promise<void>;
  private idleTimer?: NodeJS.Timeout;
  /** Jobs in flight, settled or not: close() lets them finish before the workers leave. */
  private readonly inFlight = new Set<Promise<unknown>>();

  private constructor(workers: Worker[]) {
    this.slots = workers.map((worker) => ({ worker, busy: 0 }));
    for (const slot of this.slots) {
      slot.worker.on("message", (msg: { id: number; result?: StatsResult; error?: string }) => {
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        slot.busy--;
        this.refresh(slot);
        if (msg.error !== undefined) p.reject(new LmdiffError(`scoring failed in a worker: ${msg.error}`, "scoring-failed"));
        else p.resolve(msg.result!);
      });
      const fail = (e: Error) => this.fail(e);
      slot.worker.on("error", fail);
      slot.worker.on("exit", (code) => {
        if (!this.closing) fail(new LmdiffError(`a scoring worker stopped (exit code ${code})`, "scoring-failed"));
      });
      slot.worker.unref();
    }
    this.armIdle();
  }

  /**
   * Start `n` workers on a model (its file, or graph bytes and their weights' folder), each with
   * `threads` onnxruntime threads.  Rejects when a worker cannot start or
   * load the model; the caller then scores in-process.
   */
  static async start(model: ModelSource, n: number, threads: number): Promise<ScorerPool> {
    const workers: Worker[] = [];
    try {
      for (let i = 0; i < n; i++) workers.push(spawnWorker({ model, threads }));
      await Promise.all(workers.map((w) => ready(w)));
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw e;
    }
    return new ScorerPool(workers);
  }

  /** Closed (idle too long, closed by its owner, or a worker failed): start a new one. */
  get closed(): boolean {
    return this.dead !== null;
  }

  get size(): number {
    return this.slots.length;
  }

  /** Jobs that can be in flight at once without leaving a worker idle between jobs. */
  get capacity(): number {
    return 2 * this.slots.length;
  }

  /** Run a job on the least busy worker; the job's arrays move to the worker (they are unusable here afterwards). */
  run(job: ScoreJob): Promise<StatsResult> {
    if (this.dead) return Promise.reject(this.dead);
    const slot = this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
    const id = this.nextId++;
    clearTimeout(this.idleTimer);
    const run = new Promise<StatsResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      slot.busy++;
      this.refresh(slot);
      // The job's arrays were built for this message: move them, do not copy.
      const buffers = new Set<ArrayBuffer>();
      for (const t of Object.values(job.feeds)) buffers.add(t.data.buffer as ArrayBuffer);
      if (job.pick) buffers.add(job.pick.buffer as ArrayBuffer);
      if (job.targets) buffers.add(job.targets.buffer as ArrayBuffer);
      slot.worker.postMessage({ id, job }, [...buffers]);
    });
    this.inFlight.add(run);
    const forget = () => void this.inFlight.delete(run);
    run.then(forget, forget);
    return run;
  }

  /**
   * Stop the workers (idempotent).  Jobs in flight finish first, then each
   * worker releases its session and exits by itself (see scoreWorker's
   * close); a worker that does not leave in time is terminated.
   */
  close(): Promise<void> {
    clearTimeout(this.idleTimer);
    this.dead ??= new LmdiffError("the scoring workers were closed", "scoring-failed");
    this.closing ??= (async () => {
      // Referenced while closing: an unreferenced worker does not keep the
      // process alive, so the process could otherwise exit mid-close.
      for (const s of this.slots) s.worker.ref();
      await Promise.allSettled([...this.inFlight]);
      await Promise.all(this.slots.map((s) => leave(s.worker)));
    })();
    return this.closing;
  }

  /** A busy worker keeps the process alive until its job is back; an idle one does not. */
  private refresh(slot: Slot) {
    if (slot.busy > 0) slot.worker.ref();
    else slot.worker.unref();
    if (this.pending.size === 0) this.armIdle();
  }

  private armIdle() {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => void this.close(), IDLE_CLOSE_MS);
    this.idleTimer.unref();
  }

  /** A worker failed: every job in flight fails with the reason, and the other workers stop. */
  private fail(e: Error) {
    if (!this.dead) this.dead = e;
    for (const p of this.pending.values()) p.reject(this.dead);
    this.pending.clear();
    for (const s of this.slots) s.busy = 0;
    void this.close();
  }
}

/**
 * The worker runs scoreWorker from the same build as this file: lib/ in
 * use; the TypeScript sources when run through tsx (tests, benchmarks),
 * whose loader workers do not inherit, so it is registered first.
 */
function spawnWorker(workerData: unknown): Worker {
  const entry = path.join(__dirname, `scoreWorker${path.extname(__filename)}`);
  if (!entry.endsWith(".ts")) return new Worker(entry, { workerData });
  const boot = `require("tsx/cjs/api").register(); require(${JSON.stringify(entry)});`;
  return new Worker(boot, { eval: true, workerData, execArgv: [] });
}

/** How long a worker may take to finish its jobs and release its session once asked to close. */
const LEAVE_TIMEOUT_MS = 30_000;

/** Ask a worker to close and wait for it to exit; terminate it if it does not in time. */
function leave(w: Worker): Promise<void> {
  return new Promise((resolve) => {
    if (w.threadId === -1) return resolve();
    const timer = setTimeout(() => void w.terminate(), LEAVE_TIMEOUT_MS);
    w.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      w.postMessage("close");
    } catch {
      void w.terminate();
    }
  });
}

function ready(w: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("a scoring worker did not start in time")), START_TIMEOUT_MS);
    timer.unref();
    const done = (err?: Error) => {
      clearTimeout(timer);
      w.off("message", onMessage);
      w.off("error", onError);
      w.off("exit", onExit);
      if (err) reject(err);
      else resolve();
    };
    const onMessage = (m: unknown) => {
      if (m === "ready") done();
      else if (m && typeof m === "object" && "fatal" in m) done(new Error(String((m as { fatal: string }).fatal)));
    };
    const onError = (e: Error) => done(e);
    const onExit = (code: number) => done(new Error(`a scoring worker exited (code ${code}) while starting`));
    w.on("message", onMessage);
    w.on("error", onError);
    w.on("exit", onExit);
  });
}
