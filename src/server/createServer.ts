import * as fs from "node:fs";
import * as path from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { maybeMaxClampRank, maybeTopK } from "../core/options.js";
import { packageRoot } from "../engine/paths.js";
import { registerApiRoutes } from "./apiRoutes.js";
import { registerCompletionsRoutes } from "./completionsRoutes.js";
import type { Catalog } from "./Catalog.js";
import { installErrorHandlers } from "./errorHandler.js";
import { InferenceQueue, type QueueOptions } from "./InferenceQueue.js";
import { registerJsonBodyParser } from "./jsonBodyParser.js";
import { clientErrorHandler, frameworkErrorHandler } from "./lowLevelErrors.js";
import { collectOpenApi } from "./openapi.js";
import { markBadUrl, refuseBadUrls } from "./refuseBadUrls.js";
import { refuseWhileClosing } from "./refuseWhileClosing.js";
import { registerSecurityHeaders } from "./securityHeaders.js";
import { listStaticFiles, registerStaticFiles } from "./staticFiles.js";

export interface ServerOptions {
  /** What the server offers (models, pairs, comparisons). */
  catalog: Catalog;
  /** The inference queue, or its options. */
  queue?: InferenceQueue | QueueOptions;
  /** Longest text /api/analyze accepts, in characters (default 20,000; 413 beyond). */
  maxTextChars?: number;
  /** Top-k size of live analyses (default 10). */
  topK?: number;
  /** Cap of clamped_rank_diff in live analyses (default 50). */
  maxClampRank?: number;
  /** The page's folder (default src/server/public of the package). */
  publicDir?: string;
  /** The widget bundle served as /lmdiff-widgets.js (default lib/browser/lmdiff-widgets.js). */
  widgetsBundle?: string;
  /** Where unexpected errors are reported (default stderr). */
  log?: (line: string) => void;
}

export const defaultPublicDir = (): string => path.join(packageRoot(), "src", "server", "public");
export const defaultWidgetsBundle = (): string => path.join(packageRoot(), "lib", "browser", "lmdiff-widgets.js");

/**
 * Build the lmdiff app (not listening yet): security headers, the JSON
 * API, its OpenAPI description and the static page.  The caller owns the
 * catalog and closes it after `app.close()`.
 */
export async function createServer(o: ServerOptions): Promise<FastifyInstance> {
  const maxTextChars = o.maxTextChars ?? 20_000;
  const queue = o.queue instanceof InferenceQueue ? o.queue : new InferenceQueue(o.queue);
  const app = Fastify({
    logger: false,
    // Room for the longest text even if every character is JSON-escaped (\uXXXX\uXXXX).
    bodyLimit: maxTextChars * 12 + 4096,
    // Slow or idle clients cannot hold sockets forever.
    requestTimeout: 60_000,
    connectionTimeout: 60_000,
    keepAliveTimeout: 5_000,
    // Every answer fastify would write in its own format is written by
    // lmdiff instead: refuseWhileClosing answers the 503 of a closing
    // server, markBadUrl/refuseBadUrls a path that is not valid
    // percent-encoding, the two handlers what never reaches a route.
    return503OnClosing: false,
    rewriteUrl: markBadUrl,
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
  });
  // The API reads JSON only; a text/plain body gets 415 rather than a confusing type error.
  app.removeContentTypeParser("text/plain");
  // JSON bodies with __proto__ or constructor.prototype keys are refused there, with their own reason.
  registerJsonBodyParser(app);
  const openapi = collectOpenApi(app);
  installErrorHandlers(app, o.log);
  await registerSecurityHeaders(app);
  // After the security headers' hooks, so that these refusals carry them.
  refuseBadUrls(app);
  refuseWhileClosing(app);
  registerApiRoutes(app, {
    catalog: o.catalog,
    queue,
    maxTextChars,
    topK: maybeTopK(o.topK),
    maxClampRank: maybeMaxClampRank(o.maxClampRank),
    openapi,
  });
  registerCompletionsRoutes(app, { catalog: o.catalog, queue });
  const files = listStaticFiles(o.publicDir ?? defaultPublicDir());
  const bundle = o.widgetsBundle ?? defaultWidgetsBundle();
  if (fs.existsSync(bundle)) files.set("/lmdiff-widgets.js", fs.realpathSync(bundle));
  registerStaticFiles(app, files);
  return app;
}
