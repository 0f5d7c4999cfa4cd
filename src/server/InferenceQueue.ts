import { LmdiffError } from "../core/LmdiffError.js";

export interface QueueOptions {
  /** Jobs running at once (default 1: onnxruntime already uses every core for one job). */
  concurrency?: number;
  /** Jobs allowed to wait; one more is refused with 429 (default 16). */
  maxWaiting?: number;
  /** Time limit of a job, waiting included, in milliseconds (default 30 s). */
  timeoutMs?: number;
}

interface Job {
  run: (signal: AbortSignal) => Promise<unknown>;
  ac: AbortController;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  settled: boolean;
  timer: NodeJS.Timeout;
  detach: () => void;
}

/** The error a full queue answers with; `retryAfter` is in seconds. */
export class QueueFullError extends LmdiffError {
  constructor(
    waiting: number,
    readonly retryAfter: number,
  ) {
    super(`the analysis queue is full (${waiting} waiting); retry in ${retryAfter} s`, "queue-full", 429);
  }
}

/**
 * A bounded queue for model inference.  Live analyses are CPU-bound and
 * the models are shared, so they run one (or `concurrency`) at a time; a
 * burst waits in a queue of fixed size and anything beyond it is refused
 * at once with 429, so memory and latency stay bounded however many
 * clients arrive.  Each job gets an AbortSignal that fires when its time
 * limit passes (counted from enqueueing, so a client never waits longer)
 * or when the caller's own signal fires (the client went away); a slot is
 * freed only when the job has really stopped.
 */
export class InferenceQueue {
  readonly concurrency: number;
  readonly maxWaiting: number;
  readonly timeoutMs: number;
  private readonly waiting: Job[] = [];
  private active = 0;
  private completed = 0;
  private refused = 0;
  private timedOut = 0;
  /** Moving average of a job's run time in ms, for Retry-After. */
  private avgRunMs = 200;

  constructor(opts: QueueOptions = {}) {
    this.concurrency = opts.concurrency ?? 1;
    this.maxWaiting = opts.maxWaiting ?? 16;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
  }

  /** Counts for /api/health. */
  stats(): { running: number; waiting: number; maxWaiting: number; completed: number; refused: number; timedOut: number } {
    return {
      running: this.active,
      waiting: this.waiting.length,
      maxWaiting: this.maxWaiting,
      completed: this.completed,
      refused: this.refused,
      timedOut: this.timedOut,
    };
  }

  /** Run `fn` when a slot is free; rejects with QueueFullError (429) or a time-out (503). */
  run<T>(fn: (signal: AbortSignal) => Promise<T>, opts: { signal?: AbortSignal } = {}): Promise<T> {
    if (this.active >= this.concurrency && this.waiting.length >= this.maxWaiting) {
      this.refused++;
      const seconds = Math.ceil(((this.waiting.length + 1) * this.avgRunMs) / this.concurrency / 1000);
      return Promise.reject(new QueueFullError(this.waiting.length, Math.max(1, seconds)));
    }
    return new Promise<T>((resolve, reject) => {
      const ac = new AbortController();
      const job: Job = {
        run: fn,
        ac,
        resolve: resolve as (v: unknown) => void,
        reject,
        settled: false,
        timer: setTimeout(() => {
          this.timedOut++;
          this.fail(
            job,
            new LmdiffError(
              `the analysis took longer than ${this.timeoutMs / 1000} s and was stopped; try a shorter text or retry later`,
              "timeout",
              503,
            ),
          );
        }, this.timeoutMs),
        detach: () => {},
      };
      if (opts.signal) {
        const onAbort = () => this.fail(job, new LmdiffError("cancelled by the client", "cancelled", 499));
        if (opts.signal.aborted) return void onAbort();
        opts.signal.addEventListener("abort", onAbort, { once: true });
        job.detach = () => opts.signal!.removeEventListener("abort", onAbort);
      }
      this.waiting.push(job);
      this.pump();
    });
  }

  /** Settle a job with an error now; a waiting job leaves the queue, a running one is told to stop. */
  private fail(job: Job, err: LmdiffError): void {
    if (job.settled) return;
    job.settled = true;
    clearTimeout(job.timer);
    job.detach();
    job.ac.abort(err);
    const i = this.waiting.indexOf(job);
    if (i >= 0) this.waiting.splice(i, 1);
    job.reject(err);
  }

  private pump(): void {
    while (this.active < this.concurrency && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      this.active++;
      const t0 = performance.now();
      // Start on a fresh tick so a synchronous throw in fn is caught like a rejection.
      Promise.resolve()
        .then(() => job.run(job.ac.signal))
        .then(
          (v) => {
            if (job.settled) return;
            job.settled = true;
            job.resolve(v);
          },
          (e) => {
            if (job.settled) return;
            job.settled = true;
            job.reject(e);
          },
        )
        .finally(() => {
          clearTimeout(job.timer);
          job.detach();
          this.avgRunMs = 0.8 * this.avgRunMs + 0.2 * (performance.now() - t0);
          this.completed++;
          this.active--;
          this.pump();
        });
    }
  }
}
