import { LmdiffError } from "../core/LmdiffError.js";

export interface CompletionsClientOptions {
  /** Base URLs of the replicas (see RemoteSpec). */
  urls: string[];
  /** Sent as "Authorization: Bearer KEY" when given. */
  apiKey?: string;
  /** Requests in flight per replica (default 4). */
  concurrency?: number;
  /** Limit of one request, connecting to the last byte of its answer (default 300 s). */
  timeoutMs?: number;
  /** Tries of one request before its error is final (default 8). */
  maxTries?: number;
  /** First backoff delay, doubled at each retry up to maxDelayMs (defaults 500 ms and 30 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Called before each retry, e.g. to tell the user that a replica is busy. */
  onRetry?: (why: string, delayMs: number) => void;
  /** The fetch to use (tests); default the global one. */
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

/** One replica and its free request slots. */
interface Replica {
  url: string;
  inFlight: number;
  /** Until when the replica asked us to wait (a 429's Retry-After). */
  resting: number;
}

/** An answer worth trying again (connection failures, 429, 5xx, timeouts), or not. */
class Attempt extends Error {
  constructor(
    message: string,
    readonly retry: boolean,
    readonly waitMs = 0,
  ) {
    super(message);
  }
}

/**
 * A client of OpenAI-compatible servers (vLLM, lmdiff serve, ...), robust
 * in the ways lm-evaluation-harness's API models are: bounded concurrency
 * per replica, each request on the least busy replica; connection errors,
 * timeouts, 429 (honouring Retry-After) and 5xx retried with exponential
 * backoff and jitter, on another replica when there is one; any other
 * answer is final and reported in one line naming the request.
 */
export class CompletionsClient {
  private readonly replicas: Replica[];
  private readonly waiting: (() => void)[] = [];
  private readonly o: Required<Omit<CompletionsClientOptions, "apiKey" | "onRetry" | "signal">> &
    Pick<CompletionsClientOptions, "apiKey" | "onRetry" | "signal">;

  constructor(opts: CompletionsClientOptions) {
    if (opts.urls.length === 0) throw new LmdiffError("a remote model needs at least one server URL", "bad-option");
    const positive = (name: string, v: number | undefined, dflt: number) => {
      const x = v ?? dflt;
      if (!Number.isFinite(x) || x <= 0) throw new LmdiffError(`invalid ${name} ${String(v)} (expected a number > 0)`, "bad-option");
      return x;
    };
    this.o = {
      urls: opts.urls,
      apiKey: opts.apiKey,
      concurrency: Math.floor(positive("concurrency", opts.concurrency, 4)),
      timeoutMs: positive("timeout", opts.timeoutMs, 300_000),
      maxTries: Math.floor(positive("tries", opts.maxTries, 8)),
      baseDelayMs: positive("retry delay", opts.baseDelayMs, 500),
      maxDelayMs: positive("longest retry delay", opts.maxDelayMs, 30_000),
      onRetry: opts.onRetry,
      fetch: opts.fetch ?? globalThis.fetch,
      signal: opts.signal,
    };
    this.replicas = opts.urls.map((url) => ({ url, inFlight: 0, resting: 0 }));
  }

  /** Requests that can be in flight at once, over all replicas. */
  get capacity(): number {
    return this.replicas.length * this.o.concurrency;
  }

  /** GET a path of one replica (e.g. "/models"), retried as requests are. */
  get(path: string, what: string): Promise<unknown> {
    return this.send("GET", path, undefined, what);
  }

  /** POST a JSON body to a path on the least busy replica, retried until it answers or fails for good. */
  post(path: string, body: unknown, what: string): Promise<unknown> {
    return this.send("POST", path, JSON.stringify(body), what);
  }

  private async send(method: string, path: string, body: string | undefined, what: string): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      this.checkAbort();
      const replica = await this.slot();
      try {
        return await this.once(replica, method, path, body);
      } catch (e) {
        if (!(e instanceof Attempt)) throw e;
        const last = `${replica.url}: ${e.message}`;
        if (!e.retry || attempt >= this.o.maxTries)
          throw new LmdiffError(
            `${what} failed${attempt > 1 ? ` after ${attempt} tries` : ""}: ${last}`,
            e.retry ? "remote-unavailable" : "remote-error",
            502,
          );
        // Exponential backoff with full jitter, or what the server asked
        // for; the replica rests that long, so another one (if any) takes
        // the next try at once.
        const backoff = Math.min(this.o.maxDelayMs, this.o.baseDelayMs * 2 ** (attempt - 1));
        const delay = Math.max(e.waitMs, Math.random() * backoff);
        replica.resting = Date.now() + delay;
        this.o.onRetry?.(`${what}: ${last}`, delay);
      } finally {
        this.release(replica);
      }
    }
  }

  /** One try: the parsed JSON answer, or an Attempt saying whether to try again. */
  private async once(replica: Replica, method: string, path: string, body: string | undefined): Promise<unknown> {
    const ac = new AbortController();
    const outer = this.o.signal;
    const onAbort = () => ac.abort(outer?.reason);
    outer?.addEventListener("abort", onAbort, { once: true });
    const timer = setTimeout(() => ac.abort(new Attempt(`no answer within ${this.o.timeoutMs / 1000} s`, true)), this.o.timeoutMs);
    try {
      let res: Response;
      try {
        res = await this.o.fetch(replica.url + path, {
          method,
          body,
          signal: ac.signal,
          headers: {
            accept: "application/json",
            ...(body === undefined ? {} : { "content-type": "application/json" }),
            ...(this.o.apiKey ? { authorization: `Bearer ${this.o.apiKey}` } : {}),
          },
        });
      } catch (e) {
        throw this.failure(ac, e);
      }
      let text: string;
      try {
        text = await res.text();
      } catch (e) {
        throw this.failure(ac, e);
      }
      if (res.status === 429 || res.status >= 500) {
        const wait = res.status === 429 ? retryAfterMs(res.headers.get("retry-after")) : 0;
        throw new Attempt(`HTTP ${res.status}${serverMessage(text)}`, true, Math.min(wait, this.o.maxDelayMs * 4));
      }
      if (!res.ok) {
        const hint = res.status === 401 || res.status === 403 ? " (set LMDIFF_API_KEY to the server's key)" : "";
        throw new Attempt(`HTTP ${res.status}${serverMessage(text)}${hint}`, false);
      }
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new Attempt(`the answer is not JSON (${JSON.stringify(text.slice(0, 80))})`, false);
      }
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener("abort", onAbort);
    }
  }

  /** What a failed fetch or body read means: cancelled, timed out, or a connection error (retried). */
  private failure(ac: AbortController, e: unknown): Error {
    if (this.o.signal?.aborted) return new LmdiffError("cancelled; rerun to resume", "cancelled", 499);
    if (ac.signal.reason instanceof Attempt) return ac.signal.reason;
    const err = e as { message?: string; cause?: { code?: string; message?: string } };
    const why = err.cause?.code ?? err.cause?.message ?? err.message ?? String(e);
    return new Attempt(`cannot connect (${why})`, true);
  }

  /** The least busy replica with a free slot (one that asked to rest waits), once there is one. */
  private async slot(): Promise<Replica> {
    for (;;) {
      this.checkAbort();
      const now = Date.now();
      const free = this.replicas.filter((r) => r.inFlight < this.o.concurrency);
      const ready = free.filter((r) => r.resting <= now).sort((a, b) => a.inFlight - b.inFlight);
      if (ready.length) {
        ready[0].inFlight++;
        return ready[0];
      }
      if (free.length) {
        await this.sleep(Math.max(1, Math.min(...free.map((r) => r.resting)) - now));
        continue;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private release(r: Replica): void {
    r.inFlight--;
    this.waiting.shift()?.();
  }

  private checkAbort(): void {
    if (this.o.signal?.aborted) throw new LmdiffError("cancelled; rerun to resume", "cancelled", 499);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const signal = this.o.signal;
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener("abort", done, { once: true });
    });
  }
}

/** Milliseconds a Retry-After header asks for (seconds or an HTTP date); 0 when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (!header) return 0;
  const s = Number(header.trim());
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const t = Date.parse(header);
  return Number.isFinite(t) ? Math.max(0, t - now) : 0;
}

/** ": the server's own message" from an OpenAI-style error body, on one line, or "". */
function serverMessage(text: string): string {
  let msg: string;
  try {
    const j = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown; detail?: unknown };
    const e = j.error;
    const found = (typeof e === "object" && e ? e.message : e) ?? j.message ?? j.detail;
    msg = typeof found === "string" ? found : found === undefined ? "" : JSON.stringify(found);
  } catch {
    msg = text;
  }
  msg = msg.replace(/\s+/g, " ").trim();
  return msg ? `: ${msg.length > 200 ? `${msg.slice(0, 200)}…` : msg}` : "";
}
