import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { isLmdiffError } from "../core/LmdiffError.js";
import { QueueFullError } from "./InferenceQueue.js";
import { validationMessage } from "./validationMessage.js";

/** The first line of a message, prefixed "lmdiff: " once. */
export const oneLine = (s: string): string => {
  const line = s.split("\n")[0].trim();
  return line.startsWith("lmdiff: ") ? line : `lmdiff: ${line}`;
};

/** Plain-language reasons for fastify's own request errors. */
export const FASTIFY_REASONS: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: "the body is not valid JSON",
  FST_ERR_CTP_EMPTY_JSON_BODY: "the body is empty (expected a JSON object)",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "unsupported Content-Type (send application/json)",
  FST_ERR_CTP_BODY_TOO_LARGE: "the request body is too large",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "the Content-Length does not match the body",
  FST_ERR_BAD_URL: "the URL is not valid percent-encoded UTF-8",
  FST_ERR_MAX_PARAM_LENGTH: "a part of the URL is too long",
};

/**
 * Every failure becomes a JSON `{ error }` with one line: request problems
 * (validation, lmdiff's own errors, fastify's parsing errors) keep their
 * 4xx status; a full queue adds Retry-After; anything else is a bug and is
 * answered 500 without details (the stack goes to stderr).
 */
export function installErrorHandlers(app: FastifyInstance, log: (line: string) => void = (l) => process.stderr.write(l + "\n")): void {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (err.validation && err.validation.length) {
      const ctx = err.validationContext ?? "request";
      const input = ctx === "body" ? req.body : ctx === "querystring" ? req.query : undefined;
      return reply.code(400).send({ error: validationMessage(err.validation[0], ctx === "querystring" ? "query" : ctx, input) });
    }
    if (isLmdiffError(err)) {
      const status = err.status >= 400 && err.status < 600 ? err.status : 400;
      if (err instanceof QueueFullError) reply.header("Retry-After", String(err.retryAfter));
      else if (status === 503) reply.header("Retry-After", "5");
      return reply.code(status).send({ error: oneLine(err.message) });
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ error: oneLine(FASTIFY_REASONS[err.code] ?? err.message) });
    }
    log(`lmdiff serve: unexpected error on ${req.method} ${req.url.split("?")[0]}: ${err.stack ?? err.message}`);
    return reply.code(500).send({ error: "lmdiff: internal error (logged on the server)" });
  });
  app.setNotFoundHandler((req, reply) => {
    reply.code(404).send({ error: `lmdiff: no such page or route: ${req.method} ${req.url.split("?")[0].slice(0, 200)}` });
  });
}
