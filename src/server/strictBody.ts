import type { FastifyReply, FastifyRequest } from "fastify";
import { LmdiffError } from "../core/LmdiffError.js";

interface ObjectSchema {
  properties: Record<string, { type?: string }>;
}

/**
 * A preValidation hook that refuses body fields of the wrong JSON type.
 * Fastify's validator coerces types (so that query strings like `k=10`
 * become numbers), which would also turn a body's `"text": 123` into
 * "123"; a JSON body has real types, so they are checked as sent.
 */
export function strictBody(schema: ObjectSchema) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const body = req.body;
    if (body === null || typeof body !== "object" || Array.isArray(body))
      throw new LmdiffError("the body must be a JSON object", "bad-request");
    for (const [name, prop] of Object.entries(schema.properties)) {
      const v = (body as Record<string, unknown>)[name];
      if (v === undefined || !prop.type) continue;
      const ok = prop.type === "integer" ? Number.isInteger(v) : typeof v === prop.type;
      if (!ok) throw new LmdiffError(`invalid ${name} ${JSON.stringify(v).slice(0, 40)} (expected a ${prop.type})`, "bad-request");
    }
  };
}
