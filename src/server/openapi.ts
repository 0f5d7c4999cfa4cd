import type { FastifyInstance, RouteOptions } from "fastify";
import { VERSION } from "../version.js";

interface RouteSchema {
  summary?: string;
  description?: string;
  querystring?: { properties?: Record<string, object & { description?: string }>; required?: readonly string[] };
  body?: object;
  response?: Record<string, object>;
  hide?: boolean;
}

type Doc = { openapi: string; info: object; paths: Record<string, Record<string, object>> };

/**
 * An OpenAPI 3.1 description built from the routes' own JSON schemas
 * (3.1 uses JSON Schema as is).  Call `collectOpenApi(app)` before routes
 * are added; the returned function gives the document.
 */
export function collectOpenApi(app: FastifyInstance): () => Doc {
  const routes: { method: string; url: string; schema: RouteSchema }[] = [];
  app.addHook("onRoute", (r: RouteOptions) => {
    const schema = r.schema as RouteSchema | undefined;
    if (!schema || schema.hide || !r.url.startsWith("/api/")) return;
    for (const m of [r.method].flat()) if (m !== "HEAD") routes.push({ method: m.toLowerCase(), url: r.url, schema });
  });
  let doc: Doc | undefined;
  return () => (doc ??= build(routes));
}

function build(routes: { method: string; url: string; schema: RouteSchema }[]): Doc {
  const paths: Doc["paths"] = {};
  for (const { method, url, schema } of routes) {
    const q = schema.querystring;
    const parameters = Object.entries(q?.properties ?? {}).map(([name, s]) => ({
      name,
      in: "query",
      required: q?.required?.includes(name) ?? false,
      ...(s.description ? { description: s.description } : {}),
      schema: s,
    }));
    const responses: Record<string, object> = {};
    for (const [code, s] of Object.entries(schema.response ?? {})) {
      const key = code.toUpperCase();
      responses[key] = {
        description:
          key === "200"
            ? "OK"
            : key === "4XX"
              ? "A bad request: a one-line reason"
              : key === "5XX"
                ? "Server busy or failing: a one-line reason"
                : key,
        content: { "application/json": { schema: s } },
      };
    }
    paths[url] ??= {};
    paths[url][method] = {
      ...(schema.summary ? { summary: schema.summary } : {}),
      ...(schema.description ? { description: schema.description } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(schema.body ? { requestBody: { required: true, content: { "application/json": { schema: schema.body } } } } : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "lmdiff serve",
      version: VERSION,
      description:
        "Compare two language models token by token (LMdiff, Strobelt et al. 2021): precomputed corpus comparisons and live analysis of any text.",
    },
    paths,
  };
}

declare module "fastify" {
  interface FastifySchema {
    /** One line for the OpenAPI description. */
    summary?: string;
    /** Leave the route out of the OpenAPI description. */
    hide?: boolean;
  }
}
