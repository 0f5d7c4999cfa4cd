import type { FastifyInstance } from "fastify";
import { LmdiffError } from "../core/LmdiffError.js";

/**
 * Answer 503 in lmdiff's format (with Retry-After) to requests that reach
 * the server once it has begun to close, such as a second request on a
 * keep-alive connection whose first request is still being answered.
 * Fastify's `return503OnClosing` does the same in its own format and
 * without the security headers, so the app turns that option off and adds
 * this hook after the security headers' hooks instead.
 */
export function refuseWhileClosing(app: FastifyInstance): void {
  let closing = false;
  app.addHook("preClose", () => {
    closing = true;
    return Promise.resolve();
  });
  app.addHook("onRequest", () =>
    closing ? Promise.reject(new LmdiffError("the server is shutting down; retry in a moment", "closing", 503)) : Promise.resolve(),
  );
}
