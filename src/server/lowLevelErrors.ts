import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { FASTIFY_REASONS, oneLine } from "./errorHandler.js";
import { errorSecurityHeaders } from "./securityHeaders.js";

/** What a connection error of Node's HTTP parser is answered with. */
function clientErrorAnswer(code: string): { status: number; reason: string } {
  if (code === "ERR_HTTP_REQUEST_TIMEOUT") return { status: 408, reason: "the request did not arrive in full in time" };
  if (code === "HPE_HEADER_OVERFLOW") return { status: 431, reason: "the request headers are too large" };
  // HPE_* codes name what the parser disliked (HPE_INVALID_METHOD,
  // HPE_INVALID_EOF_STATE for a body cut short, …); they help a client
  // author and reveal nothing about the server.
  return { status: 400, reason: `the request is not valid HTTP${/^HPE_\w+$/.test(code) ? ` (${code})` : ""}` };
}

/**
 * Fastify's `clientErrorHandler` option: requests that Node's HTTP parser
 * rejects (garbage, headers too large, a body shorter than its
 * Content-Length, a request that takes too long to arrive) never reach
 * fastify's routes or hooks, and fastify's default answers them in its own
 * JSON shape.  This one answers with lmdiff's `{ error }` and the security
 * headers, then drops the connection, since the parser cannot tell where
 * the next request would start.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (err.code === "ECONNRESET" || socket.destroyed) return;
  const { status, reason } = clientErrorAnswer(err.code ?? "");
  const body = JSON.stringify({ error: `lmdiff: ${reason}` });
  const headers: Record<string, string> = {
    ...errorSecurityHeaders(),
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(body)),
    Connection: "close",
  };
  if (socket.writable) {
    const head = Object.entries(headers)
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join("");
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head}\r\n${body}`);
  }
  socket.destroy(err);
}

/**
 * Fastify's `frameworkErrors` option: errors of fastify's router, which it
 * raises before any hook runs (a path that is not valid percent-encoding,
 * a path parameter over maxParamLength).  markBadUrl keeps the first from
 * reaching the router; this handler is the net under both, so that they
 * too come out in lmdiff's format.
 */
export function frameworkErrorHandler(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
  const reason = status === 500 ? "internal error" : (FASTIFY_REASONS[err.code] ?? err.message);
  reply
    .headers(errorSecurityHeaders())
    .code(status)
    .send({ error: oneLine(reason) });
}
