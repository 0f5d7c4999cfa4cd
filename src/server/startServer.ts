import { LmdiffError } from "../core/LmdiffError.js";
import { createServer } from "./createServer.js";
import { loadCatalog, type LoadHooks } from "./loadCatalog.js";
import type { ServeOptions } from "./serveOptions.js";

/** How long Ctrl-C waits for requests in flight before closing every connection. */
const CLOSE_GRACE_MS = 2_000;

/** The URL a browser should open for a listening address. */
export function serverUrl(host: string, port: number): string {
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}/`;
}

/**
 * Run `lmdiff serve` until SIGINT or SIGTERM: load what to serve, listen,
 * print the URL on stdout (and a note on stderr), then close the server
 * and release the models.
 */
export async function startServer(
  o: ServeOptions,
  hooks: Omit<LoadHooks, "signal"> & { onListening?: (url: string) => void } = {},
): Promise<void> {
  const ac = new AbortController();
  const stop = () => ac.abort();
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  try {
    const { catalog, what } = await loadCatalog(o, { ...hooks, signal: ac.signal });
    try {
      if (ac.signal.aborted) throw new LmdiffError("cancelled", "cancelled", 499);
      const app = await createServer({
        catalog,
        queue: { maxWaiting: o.queueSize, timeoutMs: o.timeLimit * 1000 },
        maxTextChars: o.maxText,
      });
      await app.listen({ host: o.host, port: o.port });
      const addr = app.server.address();
      const url = serverUrl(o.host, typeof addr === "object" && addr ? addr.port : o.port);
      hooks.note?.(`lmdiff: serving ${what} at ${url} (Ctrl-C to stop)`);
      if (!/^(127\.|localhost$|::1$)/.test(o.host))
        hooks.note?.(`lmdiff: note: --host ${o.host} makes the app reachable from other machines`);
      hooks.onListening?.(url);
      await new Promise<void>((resolve) =>
        ac.signal.aborted ? resolve() : ac.signal.addEventListener("abort", () => resolve(), { once: true }),
      );
      hooks.note?.("lmdiff: stopping");
      // Requests in flight get a moment to finish; then every socket is
      // closed.  Without this, a connection that never sent a request (a
      // browser's speculative preconnect) held the exit for the whole
      // connection timeout, a minute.
      const force = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
      try {
        await app.close();
      } finally {
        clearTimeout(force);
      }
    } finally {
      await catalog.dispose();
    }
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}
