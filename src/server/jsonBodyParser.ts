import type { FastifyInstance, FastifyRequest } from "fastify";
import { LmdiffError } from "../core/LmdiffError.js";

/**
 * The key that makes a parsed JSON object unsafe to merge into another
 * one, or undefined when there is none: an own `__proto__` key, or a
 * `constructor` object with an own `prototype` key.  These are the two
 * shapes that secure-json-parse (fastify's JSON parser) refuses, because
 * code that copies such an object key by key would change the prototype
 * of objects on the server.
 */
function forbiddenKeyOf(key: string, value: unknown): string | undefined {
  if (key === "__proto__") return "__proto__";
  if (key === "constructor" && value !== null && typeof value === "object" && Object.hasOwn(value, "prototype"))
    return "constructor.prototype";
  return undefined;
}

/**
 * Parse a JSON request body, telling its three possible faults apart: an
 * empty body, text that is not JSON, and JSON with a forbidden key.
 * Fastify's own parser answers "not valid JSON" for the last one too,
 * which sends the client looking for a syntax error that is not there.
 */
export function parseJsonBody(text: string): unknown {
  if (text.length === 0) throw new LmdiffError("the body is empty (expected a JSON object)", "bad-request");
  let parsed: unknown;
  let forbidden: string | undefined;
  try {
    // The reviver sees every key of every object, however deep, after the
    // text has parsed; JSON.parse defines `__proto__` as an ordinary own
    // property, so nothing has been polluted by the time it is seen.
    parsed = JSON.parse(text, (key: string, value: unknown) => {
      forbidden ??= forbiddenKeyOf(key, value);
      return value;
    });
  } catch {
    throw new LmdiffError("the body is not valid JSON", "bad-request");
  }
  if (forbidden)
    throw new LmdiffError(
      `the body has a forbidden key "${forbidden}" (it could change objects on the server; rename or remove it)`,
      "bad-request",
    );
  return parsed;
}

/**
 * Replace fastify's application/json parser by parseJsonBody, so that
 * every JSON body fault is answered 400 with its own one-line reason.
 * The app's bodyLimit still applies (fastify counts the bytes before the
 * parser runs).
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  app.removeContentTypeParser("application/json");
  // A promise, so that a fault (thrown by parseJsonBody) reaches fastify as its rejection.
  app.addContentTypeParser(
    "application/json",
    { parseAs: "string" },
    (_req: FastifyRequest, body: string | Buffer) => new Promise<unknown>((resolve) => resolve(parseJsonBody(String(body)))),
  );
}
