import { LmdiffError } from "../core/LmdiffError.js";

/**
 * A response whose body fails with `onIdle()`'s error when no data arrives
 * for `ms` while the reader waits.  The timer runs only during a pending
 * read, so a body that nobody reads holds no timer.
 */
function withIdleTimeout(res: Response, ms: number, onIdle: () => Error): Response {
  const reader = res.body!.getReader();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let timer: NodeJS.Timeout | undefined;
      const idle = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(onIdle()), ms);
      });
      try {
        const { done, value } = await Promise.race([reader.read(), idle]);
        if (done) controller.close();
        else controller.enqueue(value);
      } finally {
        clearTimeout(timer);
      }
    },
    cancel: (reason) => reader.cancel(reason),
  });
  const out = new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
  // A new Response has an empty url; keep the one a redirect led to.
  Object.defineProperty(out, "url", { value: res.url });
  Object.defineProperty(out, "redirected", { value: res.redirected });
  return out;
}

/**
 * `fetch` with two time limits, for hub downloads (hubDownload.ts):
 * `ms` for the response headers (connecting and any redirects included),
 * then `ms` of silence at most while the body streams.  Without them a hub
 * that accepts the connection and never answers holds a download until
 * undici's own limits give up, 300 s for the headers and 300 s more for
 * each silence in the body.  Errors name the origin only: a redirect's
 * full URL can carry a signed token.
 */
export function timedFetch(ms: number, base: typeof fetch = globalThis.fetch): typeof fetch {
  const limit = `${ms / 1000} s`;
  return async (input, init) => {
    const origin = new URL(input instanceof Request ? input.url : String(input)).origin;
    const ac = new AbortController();
    const outer = init?.signal;
    if (outer) {
      if (outer.aborted) ac.abort(outer.reason);
      else outer.addEventListener("abort", () => ac.abort(outer.reason), { once: true });
    }
    const noAnswer = new LmdiffError(`no answer from ${origin} within ${limit}`, "timeout", 504);
    const timer = setTimeout(() => ac.abort(noAnswer), ms);
    let res: Response;
    try {
      res = await base(input, { ...init, signal: ac.signal });
    } catch (e) {
      throw ac.signal.reason === noAnswer ? noAnswer : e;
    } finally {
      clearTimeout(timer);
    }
    if (!res.body) return res;
    return withIdleTimeout(res, ms, () => {
      const stalled = new LmdiffError(`the download from ${origin} stalled: no data for ${limit}`, "timeout", 504);
      // Aborting closes the connection, which nobody would read again.
      ac.abort(stalled);
      return stalled;
    });
  };
}
