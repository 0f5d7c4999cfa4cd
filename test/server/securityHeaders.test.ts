import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { Catalog } from "../../src/server/Catalog.ts";
import { createServer, defaultPublicDir } from "../../src/server/createServer.ts";
import { M1, M2 } from "./fixtures.ts";

let app: FastifyInstance;
let catalog: Catalog;

before(async () => {
  catalog = await Catalog.fromModels([M1, M2], { threads: 1 });
  app = await createServer({ catalog });
});

after(async () => {
  await app.close();
  await catalog.dispose();
});

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map((d) => [d[0], d.slice(1)]),
  );
}

test("the page and the API send a CSP that allows scripts from the server only, and forbids framing", async () => {
  for (const url of ["/", "/app.js", "/api/models", "/api/nope"]) {
    const r = await app.inject({ method: "GET", url });
    const csp = directives(String(r.headers["content-security-policy"]));
    assert.deepEqual(csp.get("script-src"), ["'self'"], `${url}: no inline or eval script`);
    assert.deepEqual(csp.get("default-src"), ["'self'"]);
    assert.deepEqual(csp.get("object-src"), ["'none'"]);
    assert.deepEqual(csp.get("frame-ancestors"), ["'none'"]);
    assert.deepEqual(csp.get("connect-src"), ["'self'"]);
  }
});

test("responses carry nosniff, a no-referrer policy and X-Frame-Options", async () => {
  const r = await app.inject({ method: "GET", url: "/" });
  assert.equal(r.headers["x-content-type-options"], "nosniff");
  assert.equal(r.headers["referrer-policy"], "no-referrer");
  assert.equal(r.headers["x-frame-options"], "DENY");
  assert.equal(r.headers["strict-transport-security"], undefined, "no HSTS on a plain-HTTP local server");
});

test("the page has no inline script or inline event handler, so the CSP holds", () => {
  const html = fs.readFileSync(path.join(defaultPublicDir(), "index.html"), "utf8");
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
  assert.ok(scripts.length >= 2);
  for (const [, attrs, body] of scripts) {
    assert.match(attrs, /\bsrc="[\w.-]+\.js"/, "every script is a file of the server");
    assert.equal(body.trim(), "");
  }
  assert.doesNotMatch(html, /\son[a-z]+\s*=/i, "no onclick= and the like");
  assert.doesNotMatch(html, /javascript:/i);
});
