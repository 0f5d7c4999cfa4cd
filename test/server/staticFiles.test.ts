import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { after, before, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { Catalog } from "../../src/server/Catalog.ts";
import { createServer } from "../../src/server/createServer.ts";
import { listStaticFiles } from "../../src/server/staticFiles.ts";
import { M1, M2, tmpDir } from "./fixtures.ts";

// A public folder with a secret next to it, and links pointing in and out.
const root = tmpDir("static");
const pub = path.join(root, "public");
const SECRET = "secret-token-42";
fs.mkdirSync(path.join(pub, "sub"), { recursive: true });
fs.writeFileSync(path.join(root, "secret.txt"), SECRET);
fs.writeFileSync(path.join(pub, "index.html"), "<!doctype html><title>t</title>");
fs.writeFileSync(path.join(pub, "app.js"), "console.log(1)");
fs.writeFileSync(path.join(pub, "sub", "x.css"), "a{}");
fs.writeFileSync(path.join(pub, ".env"), SECRET);
fs.writeFileSync(path.join(pub, "data.bin"), SECRET);
fs.symlinkSync(path.join(root, "secret.txt"), path.join(pub, "out.txt"));
fs.symlinkSync(root, path.join(pub, "up"));
fs.symlinkSync(path.join(pub, "app.js"), path.join(pub, "alias.js"));

test("listStaticFiles lists known file types inside the folder, links inside included", () => {
  assert.deepEqual([...listStaticFiles(pub).keys()].sort(), ["/alias.js", "/app.js", "/index.html", "/sub/x.css"]);
});

test("listStaticFiles leaves out links that point outside, dotfiles and unknown types", () => {
  const files = listStaticFiles(pub);
  for (const f of files.values()) assert.ok(f.startsWith(fs.realpathSync(pub) + path.sep));
  assert.equal(files.has("/out.txt"), false);
  assert.equal(files.has("/.env"), false);
  assert.equal(files.has("/data.bin"), false);
  assert.equal(
    [...files.keys()].some((k) => k.startsWith("/up/")),
    false,
  );
});

test("listStaticFiles of a missing folder is empty", () => {
  assert.equal(listStaticFiles(path.join(root, "nope")).size, 0);
});

let app: FastifyInstance;
let catalog: Catalog;
let port: number;

before(async () => {
  catalog = await Catalog.fromModels([M1, M2], { threads: 1 });
  app = await createServer({ catalog, publicDir: pub, widgetsBundle: path.join(root, "none.js") });
  await app.listen({ host: "127.0.0.1", port: 0 });
  port = (app.server.address() as AddressInfo).port;
});

after(async () => {
  await app.close();
  await catalog.dispose();
});

/** A GET with the path sent exactly as written (no client-side normalisation). */
function rawGet(p: string): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: p, method: "GET", agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.setTimeout(5000, () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end();
  });
}

test("the static routes serve the page's files over HTTP, and / is index.html", async () => {
  assert.equal((await rawGet("/")).body, "<!doctype html><title>t</title>");
  const js = await rawGet("/app.js");
  assert.equal(js.status, 200);
  assert.match(String(js.headers["content-type"]), /^text\/javascript/);
  assert.equal((await rawGet("/sub/x.css")).status, 200);
  assert.equal((await rawGet("/app.js?v=2")).status, 200);
});

test("static routes cannot escape their folder: .., encoded slashes, absolute paths, links out, dotfiles", async () => {
  const attempts = [
    "/../secret.txt",
    "/sub/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E%2Fsecret.txt",
    "/..%2fsecret.txt",
    "/..%5csecret.txt",
    "/sub%2f..%2f..%2fsecret.txt",
    "//etc/passwd",
    "/%2Fetc%2Fpasswd",
    "/etc/passwd",
    `/${root}/secret.txt`,
    "/out.txt",
    "/up/secret.txt",
    "/.env",
    "/data.bin",
    "/app.js%00.html",
    "/app.js/",
    "/sub/",
    "/....//secret.txt",
  ];
  for (const p of attempts) {
    const r = await rawGet(p);
    assert.ok(r.status === 404 || r.status === 400, `${p} → ${r.status}`);
    assert.ok(!r.body.includes(SECRET), `${p} leaks nothing`);
    assert.match(r.body, /^\{"error":"lmdiff: /, `${p} answers a JSON reason`);
  }
  assert.equal((await rawGet("/api/health")).status, 200, "the server is still up");
});

test("the widget bundle route is absent when the bundle is not built, with a JSON 404", async () => {
  const r = await rawGet("/lmdiff-widgets.js");
  assert.equal(r.status, 404);
});
