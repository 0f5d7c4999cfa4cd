import * as assert from "node:assert/strict";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { after, describe, it } from "node:test";
import { CompletionsClient, retryAfterMs } from "../../src/engine/CompletionsClient.js";

/** A loopback server answering each request with the next scripted reply (then 200 {ok}). */
async function scripted(replies: ((res: http.ServerResponse, req: http.IncomingMessage) => void)[]) {
  const log: { at: number; auth?: string; body: string }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      log.push({ at: Date.now(), auth: req.headers.authorization, body });
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      res.on("close", () => inFlight--);
      const reply = replies.shift();
      if (reply) reply(res, req);
      else setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: log.length })), 20);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return { url, log, server, maxInFlight: () => maxInFlight, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  (res: http.ServerResponse) =>
    res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));

const fast = { baseDelayMs: 5, maxDelayMs: 50 };

describe("CompletionsClient", () => {
  const servers: { close: () => Promise<void> }[] = [];
  after(() => Promise.all(servers.map((s) => s.close())));

  it("retries 5xx and connection resets, then returns the answer", async () => {
    const s = await scripted([json(503, { error: "busy" }), (res) => res.socket!.destroy(), json(500, {})]);
    servers.push(s);
    const c = new CompletionsClient({ urls: [s.url], ...fast });
    assert.deepEqual(await c.post("/completions", { a: 1 }, "request 1"), { ok: 4 });
    assert.equal(s.log.length, 4);
  });

  it("waits as long as a 429's Retry-After asks", async () => {
    const s = await scripted([json(429, { error: "queue full" }, { "retry-after": "1" })]);
    servers.push(s);
    const c = new CompletionsClient({ urls: [s.url], ...fast, maxDelayMs: 2000 });
    await c.post("/completions", {}, "request 1");
    assert.ok(s.log[1].at - s.log[0].at >= 950, `waited ${s.log[1].at - s.log[0].at} ms`);
  });

  it("does not retry a 400; the error is one line with the server's message and the request", async () => {
    const s = await scripted([json(400, { object: "error", message: "This model's maximum context length is 1024 tokens.", code: 400 })]);
    servers.push(s);
    const c = new CompletionsClient({ urls: [s.url], ...fast });
    await assert.rejects(c.post("/completions", {}, "request for texts 3, 4"), (e: Error) => {
      assert.match(
        e.message,
        /^lmdiff: request for texts 3, 4 failed: http:\/\/127\.0\.0\.1:\d+\/v1: HTTP 400: This model's maximum context length is 1024 tokens\.$/,
      );
      return true;
    });
    assert.equal(s.log.length, 1);
  });

  it("gives up after maxTries with the last reason", async () => {
    const s = await scripted([json(502, {}), json(502, {}), json(502, {})]);
    servers.push(s);
    const c = new CompletionsClient({ urls: [s.url], ...fast, maxTries: 3 });
    await assert.rejects(c.post("/completions", {}, "request 1"), /request 1 failed after 3 tries: .*HTTP 502/);
  });

  it("times out a silent request and retries it", async () => {
    const s = await scripted([() => {}]);
    servers.push(s);
    const c = new CompletionsClient({ urls: [s.url], ...fast, timeoutMs: 200 });
    assert.deepEqual(await c.post("/completions", {}, "request 1"), { ok: 2 });
  });

  it("retries a refused connection on the other replica", async () => {
    const s = await scripted([]);
    servers.push(s);
    const dead = await scripted([]);
    await dead.close();
    const c = new CompletionsClient({ urls: [dead.url, s.url], ...fast });
    for (let i = 0; i < 4; i++) await c.post("/completions", {}, `request ${i}`);
    assert.equal(s.log.length, 4);
  });

  it("keeps at most `concurrency` requests in flight per replica and spreads them over replicas", async () => {
    const a = await scripted([]);
    const b = await scripted([]);
    servers.push(a, b);
    const c = new CompletionsClient({ urls: [a.url, b.url], concurrency: 2, ...fast });
    await Promise.all(Array.from({ length: 12 }, (_, i) => c.post("/completions", {}, `request ${i}`)));
    assert.equal(a.log.length + b.log.length, 12);
    assert.ok(a.log.length >= 4 && b.log.length >= 4, `${a.log.length} and ${b.log.length}`);
    assert.ok(a.maxInFlight() <= 2 && b.maxInFlight() <= 2);
  });

  it("sends the API key as a bearer token, and says where to set it on 401", async () => {
    const s = await scripted([json(401, { error: { message: "invalid key" } })]);
    servers.push(s);
    const c = new CompletionsClient({ urls: [s.url], apiKey: "sk-test", ...fast });
    await assert.rejects(c.post("/completions", {}, "request 1"), /HTTP 401: invalid key \(set LMDIFF_API_KEY/);
    assert.equal(s.log[0].auth, "Bearer sk-test");
  });

  it("stops at once when cancelled", async () => {
    const s = await scripted([() => {}]);
    servers.push(s);
    const ac = new AbortController();
    const c = new CompletionsClient({ urls: [s.url], ...fast, signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await assert.rejects(c.post("/completions", {}, "request 1"), /cancelled/);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    assert.equal(retryAfterMs("3"), 3000);
    assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4_000), 6000);
    assert.equal(retryAfterMs("soon"), 0);
    assert.equal(retryAfterMs(null), 0);
  });
});
