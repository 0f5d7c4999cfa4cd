import type { IncomingMessage } from "node:http";
import type { FastifyInstance } from "fastify";
import { LmdiffError } from "../core/LmdiffError.js";

/** Requests whose path was not valid percent-encoded UTF-8 when they arrived. */
const badUrls = new WeakSet<IncomingMessage>();

/** Whether a URL's path (the part before "?" or "#") decodes as percent-encoded UTF-8. */
function pathDecodes(path: string): boolean {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Fastify's `rewriteUrl` option.  Fastify's router cannot decode a path
 * like `/api/%c0%ae` (an overlong, invalid UTF-8 sequence) and answers it
 * itself, before any hook runs, in its own error format and without the
 * security headers.  So a path that does not decode is noted here and
 * handed to the router with every "%" escaped as "%25", which always
 * decodes; refuseBadUrls then answers the request in lmdiff's format.
 */
export function markBadUrl(req: IncomingMessage): string {
  const url = req.url ?? "/";
  const end = url.search(/[?#]/);
  const path = end === -1 ? url : url.slice(0, end);
  if (!path.includes("%") || pathDecodes(path)) return url;
  badUrls.add(req);
  return path.replace(/%/g, "%25") + (end === -1 ? "" : url.slice(end));
}

/**
 * Answer the requests markBadUrl noted with a 400 in lmdiff's format.  The
 * hook must be added after the security headers' hooks, so that the
 * answer carries them like every other error.
 */
export function refuseBadUrls(app: FastifyInstance): void {
  app.addHook("onRequest", (req) =>
    badUrls.has(req.raw)
      ? Promise.reject(new LmdiffError("the URL is not valid percent-encoded UTF-8", "bad-url", 400))
      : Promise.resolve(),
  );
}
