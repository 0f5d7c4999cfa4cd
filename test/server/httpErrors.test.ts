import assert from "node:assert/strict";
import * as net from "node:net";
import { after, before, test } from "node:test";
import Fastify, { type FastifyInstance } from "fastify";
import { Catalog } from "../../src/server/Catalog.ts";
import { createServer } from "../../src/server/createServer.ts";
import { clientErrorHandler, frameworkErrorHandler } from "../../src/server/lowLevelErrors.ts";
import { M1, M2 } from "./fixtures.ts";

// Every answer is checked over raw TCP on loopback: fetch and inject would
// normalise a path such as /api/%c0%ae or refuse to send malformed HTTP,
// which is exactly what these tests send.

let catalog: Catalog;
let app: FastifyInstance;
let port: number;

before(async () => {
  catalog = await Catalog.fromModels([M1, M2], { threads: 1 });
  app = await createServer({ catalog, maxTextChars: 300 });
  await app.listen({ host: "127.0.0.1", port: 0 });
  port = (app.server.address() as net.AddressInfo).port;
});

after(async () => {
  await app.close();
  await catalog.dispose();
});

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Parse every HTTP/1.1 answer in what a socket received (several on a keep-alive connection). */
function parseAnswers(raw: string): RawAnswer[] {
  const out: RawAnswer[] = [];
  let rest = raw;
  while (rest.startsWith("HTTP/1.1 ")) {
    const headEnd = rest.indexOf("\r\n\r\n");
    const [statusLine, ...lines] = rest.slice(0, headEnd).split("\r\n");
    const headers: Record<string, string> = {};
    for (const l of lines) headers[l.slice(0, l.indexOf(":")).toLowerCase()] = l.slice(l.indexOf(":") + 1).trim();
    const length = Number(headers["content-length"] ?? 0);
    const bodyBytes = Buffer.from(rest.slice(headEnd + 4)).subarray(0, length);
    out.push({ status: Number(statusLine.split(" ")[1]), headers, body: bodyBytes.toString() });
    rest = Buffer.from(rest.slice(headEnd + 4))
      .subarray(length)
      .toString();
  }
  return out;
}

/** Send bytes on a fresh loopback connection and collect everything until the server closes it (at most 5 s). */
function rawExchange(p: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(p, "127.0.0.1", () => socket.end(request));
    const chunks: Buffer[] = [];
    socket.on("data", (d) => chunks.push(d));
    socket.on("close", () => resolve(Buffer.concat(chunks).toString()));
    socket.on("error", (e) => (chunks.length ? undefined : reject(e)));
    socket.setTimeout(5_000, () => socket.destroy());
  });
}

async function rawRequest(request: string): Promise<RawAnswer> {
  const answers = parseAnswers(await rawExchange(port, request));
  assert.equal(answers.length, 1, "one answer");
  return answers[0];
}

const get = (target: string) => rawRequest(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
const post = (body: string, type = "application/json") =>
  rawRequest(
    `POST /api/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );

/** An answer in lmdiff's error format: the status, a JSON `{ error }` of one line starting "lmdiff: ", and the security headers. */
function assertLmdiffError(r: RawAnswer, status: number, pattern: RegExp) {
  assert.equal(r.status, status, r.body);
  assert.match(r.headers["content-type"], /^application\/json; charset=utf-8$/);
  const j = JSON.parse(r.body) as { error: string };
  assert.deepEqual(Object.keys(j), ["error"]);
  assert.equal(j.error.split("\n").length, 1);
  assert.match(j.error, /^lmdiff: /);
  assert.match(j.error, pattern);
  assert.equal(r.headers["x-content-type-options"], "nosniff");
  assert.equal(r.headers["x-frame-options"], "DENY");
  assert.equal(r.headers["referrer-policy"], "no-referrer");
  assert.match(r.headers["content-security-policy"], /default-src 'self'/);
  assert.match(r.headers["content-security-policy"], /frame-ancestors 'none'/);
}

test("a path that is not valid percent-encoded UTF-8 gets a 400 in lmdiff's format, not fastify's", async () => {
  for (const target of ["/api/%c0%ae", "/%c0%ae%c0%ae/etc", "/api/models/%zz", "/%", "/api/%c0%ae?m1=a"]) {
    assertLmdiffError(await get(target), 400, /the URL is not valid percent-encoded UTF-8/);
  }
});

test("a refused bad URL carries the same headers as lmdiff's other errors", async () => {
  const bad = await get("/api/%c0%ae");
  const notFound = await get("/api/nope");
  const names = (r: RawAnswer) =>
    Object.keys(r.headers)
      .filter((h) => !["date", "content-length"].includes(h))
      .sort();
  assert.deepEqual(names(bad), names(notFound));
  for (const h of names(notFound)) if (h !== "connection") assert.equal(bad.headers[h], notFound.headers[h], h);
});

test("valid percent-encoding in paths and queries still reaches the routes", async () => {
  assert.equal((await get("/api/models?x=%c0")).status, 200);
  assertLmdiffError(await get("/api/n%6Fpe"), 404, /no such page or route: GET \/api\/n%6Fpe/);
  assertLmdiffError(await get("/api/%E2%9C%93"), 404, /no such page or route/);
});

test("a raw JSON body with __proto__ or constructor.prototype gets a 400 naming the forbidden key", async () => {
  assertLmdiffError(
    await post('{"__proto__": {"x": 1}, "m1": "a", "m2": "b", "text": "t"}'),
    400,
    /the body has a forbidden key "__proto__"/,
  );
  assertLmdiffError(
    await post('{"constructor": {"prototype": {"x": 1}}, "m1": "a"}'),
    400,
    /the body has a forbidden key "constructor.prototype"/,
  );
  assert.equal(({} as Record<string, unknown>).x, undefined);
});

test("fastify's own request errors (bad JSON, empty body, content type, size, unknown route) come out in lmdiff's format", async () => {
  assertLmdiffError(await post("{bad"), 400, /the body is not valid JSON/);
  assertLmdiffError(await post(""), 400, /the body is empty/);
  assertLmdiffError(await post("hi", "text/plain"), 415, /unsupported Content-Type/);
  assertLmdiffError(await post("<x/>", "application/xml"), 415, /unsupported Content-Type/);
  assertLmdiffError(await post(JSON.stringify({ text: "x".repeat(10_000) })), 413, /the request body is too large/);
  assertLmdiffError(await get("/nowhere"), 404, /no such page or route: GET \/nowhere/);
});

test("requests that Node's HTTP parser rejects get lmdiff's format too", async () => {
  assertLmdiffError(await rawRequest("NOT HTTP AT ALL\r\n\r\n"), 400, /the request is not valid HTTP/);
  assertLmdiffError(
    await rawRequest(`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`),
    431,
    /the request headers are too large/,
  );
  // A body cut short: the client half-closes after 2 of the 5 bytes it announced.
  assertLmdiffError(
    await rawRequest("POST /api/analyze HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n{}"),
    400,
    /the request is not valid HTTP/,
  );
});

test("clientErrorHandler answers a request that took too long with 408 in lmdiff's format", () => {
  let written = "";
  let destroyed = false;
  const socket = { destroyed: false, writable: true, write: (s: string) => (written += s), destroy: () => (destroyed = true) };
  clientErrorHandler(Object.assign(new Error("timeout"), { code: "ERR_HTTP_REQUEST_TIMEOUT" }), socket as unknown as net.Socket);
  const [r] = parseAnswers(written);
  assertLmdiffError(r, 408, /the request did not arrive in full in time/);
  assert.ok(destroyed);
  // A reset connection is left alone: nobody would read the answer.
  written = "";
  clientErrorHandler(Object.assign(new Error("reset"), { code: "ECONNRESET" }), socket as unknown as net.Socket);
  assert.equal(written, "");
});

test("frameworkErrorHandler answers the router's own errors (a path parameter over maxParamLength) in lmdiff's format", async () => {
  const bare = Fastify({ routerOptions: { maxParamLength: 5 }, frameworkErrors: frameworkErrorHandler });
  bare.get("/x/:id", () => Promise.resolve("ok"));
  try {
    const r = await bare.inject({ method: "GET", url: "/x/abcdefghijk" });
    assertLmdiffError(
      { status: r.statusCode, headers: r.headers as Record<string, string>, body: r.body },
      414,
      /a part of the URL is too long/,
    );
  } finally {
    await bare.close();
  }
});

test("a request that arrives while the server closes gets 503 in lmdiff's format with Retry-After", async () => {
  const own = await createServer({ catalog, maxTextChars: 300 });
  // A route that answers only when the test says so keeps a keep-alive
  // connection busy while the server begins to close.
  let entered!: () => void;
  const inHandler = new Promise<void>((resolve) => (entered = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  own.get("/test/slow", async () => {
    entered();
    await released;
    return { slow: true };
  });
  await own.listen({ host: "127.0.0.1", port: 0 });
  const ownPort = (own.server.address() as net.AddressInfo).port;
  const socket = net.connect(ownPort, "127.0.0.1");
  const chunks: Buffer[] = [];
  socket.on("data", (d) => chunks.push(d));
  const closedSocket = new Promise<void>((resolve) => socket.on("close", () => resolve()));
  socket.setTimeout(5_000, () => socket.destroy());
  socket.write("GET /test/slow HTTP/1.1\r\nHost: x\r\n\r\n");
  await inHandler;
  const closing = own.close();
  await new Promise((r) => setTimeout(r, 50));
  socket.write("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n");
  await new Promise((r) => setTimeout(r, 100));
  release();
  await closing;
  await closedSocket;
  const answers = parseAnswers(Buffer.concat(chunks).toString());
  assert.equal(answers.length, 2, Buffer.concat(chunks).toString());
  assert.equal(answers[0].status, 200);
  assertLmdiffError(answers[1], 503, /the server is shutting down/);
  assert.equal(answers[1].headers["retry-after"], "5");
});
