import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { DEFAULT_HUB_TIMEOUT_MS, downloadHubModel, isHubId } from "../../src/engine/hubDownload.ts";
import { Model } from "../../src/engine/Model.ts";
import { scoreTexts } from "../../src/engine/scoreTexts.ts";
import { startFakeHub } from "../helpers/fakeHub.ts";

const ROOT = path.join(__dirname, "..", "..");

test("isHubId tells owner/name ids from paths and bundled names", () => {
  assert.ok(isHubId("Xenova/gpt2"));
  assert.ok(!isHubId("tiny-en"));
  assert.ok(!isHubId("../x/y"));
  assert.ok(!isHubId("/abs/path"));
});

test("a hub model is downloaded once over HTTP, then loads offline from the cache", async () => {
  const hub = await startFakeHub({ "lmdiff-test/tiny-en": path.join(ROOT, "models", "tiny-en") });
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-hub-"));
  try {
    const m = await Model.load("lmdiff-test/tiny-en", { hubUrl: hub.url, cacheDir: cache });
    assert.equal(m.name, "lmdiff-test/tiny-en");
    assert.ok(hub.requests.some((r) => r.includes("/resolve/main/onnx/model.onnx")));
    const local = await Model.load("tiny-en");
    const ids = local.encode("Downloaded models score like local ones.");
    const [a] = await scoreTexts(m, [ids]);
    const [b] = await scoreTexts(local, [ids]);
    assert.deepEqual(Array.from(a.prob), Array.from(b.prob));
    await m.dispose();
    await local.dispose();
  } finally {
    await hub.close();
  }
  // The server is gone: the second load must come from disk alone.
  const again = await Model.load("lmdiff-test/tiny-en", { hubUrl: "http://127.0.0.1:9", cacheDir: cache });
  assert.equal(again.kind, "causal");
  await again.dispose();
});

test("a hub repo without an ONNX export gets a clear error and leaves no marker", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-repo-"));
  for (const f of ["config.json", "tokenizer.json"]) fs.copyFileSync(path.join(ROOT, "models/tiny-en", f), path.join(dir, f));
  const hub = await startFakeHub({ "lmdiff-test/no-onnx": dir });
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-hub-"));
  try {
    await assert.rejects(downloadHubModel("lmdiff-test/no-onnx", { hubUrl: hub.url, cacheDir: cache }), /has no ONNX file/);
    await assert.rejects(
      downloadHubModel("lmdiff-test/missing", { hubUrl: hub.url, cacheDir: cache }),
      /has no config.json|cannot download/,
    );
    assert.ok(!fs.existsSync(path.join(cache, "lmdiff-test--no-onnx", "main", ".lmdiff-complete")));
  } finally {
    await hub.close();
  }
});

/** A loopback server that accepts connections and never answers; close() drops them. */
async function startSilentServer(): Promise<{ url: string; connections: () => number; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let count = 0;
  const server = net.createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    connections: () => count,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A loopback hub that answers the hub library's 1-byte range probe of any
 * file properly, then sends the headers and the first half of the file
 * itself and goes silent, as a hub whose connection hangs mid-download.
 */
async function startStallingHub(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const file = path.join(dir, (req.url ?? "").split("/resolve/main/")[1] ?? "");
    if (!fs.existsSync(file)) {
      res.writeHead(404, { "X-Error-Code": "EntryNotFound" });
      return res.end("Entry not found");
    }
    const data = fs.readFileSync(file);
    if (req.headers.range) {
      res.writeHead(206, { "Content-Range": `bytes 0-0/${data.length}`, "Content-Length": "1", ETag: '"stall"' });
      return res.end(data.subarray(0, 1));
    }
    res.writeHead(200, { "Content-Length": String(data.length), ETag: '"stall"' });
    res.write(data.subarray(0, data.length >> 1));
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Every file under a folder, as relative paths. */
const filesUnder = (dir: string): string[] =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    : [];

/** Assert that `p` rejects with an error whose whole message matches `re` (assert.rejects would match "Name: message"). */
const rejectsWithMessage = (p: Promise<unknown>, re: RegExp) =>
  assert.rejects(p, (e: Error) => {
    assert.match(e.message, re);
    return true;
  });

/** Run `f` with LMDIFF_HUB_TIMEOUT set to `value` (or unset), restoring it afterwards. */
async function withHubTimeoutEnv<T>(value: string | undefined, f: () => Promise<T>): Promise<T> {
  const saved = process.env.LMDIFF_HUB_TIMEOUT;
  if (value === undefined) delete process.env.LMDIFF_HUB_TIMEOUT;
  else process.env.LMDIFF_HUB_TIMEOUT = value;
  try {
    return await f();
  } finally {
    if (saved === undefined) delete process.env.LMDIFF_HUB_TIMEOUT;
    else process.env.LMDIFF_HUB_TIMEOUT = saved;
  }
}

test("downloadHubModel fails within timeoutMs with a one-line error when the hub accepts the connection and never answers", async () => {
  const silent = await startSilentServer();
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-hub-"));
  try {
    const t0 = Date.now();
    await assert.rejects(
      downloadHubModel("owner/name", { hubUrl: silent.url, cacheDir: cache, timeoutMs: 1000 }),
      (e: Error & { code?: string }) => {
        assert.equal(
          e.message,
          `lmdiff: cannot download config.json of owner/name: no answer from ${silent.url} within 1 s (set LMDIFF_HUB_TIMEOUT to wait longer)`,
        );
        assert.equal(e.code, "download-timeout");
        return true;
      },
    );
    const elapsed = Date.now() - t0;
    assert.ok(elapsed >= 900 && elapsed < 5000, `failed after ${elapsed} ms`);
    assert.equal(silent.connections(), 1, "the request reached the server");
    assert.deepEqual(filesUnder(cache), []);
  } finally {
    await silent.close();
  }
});

test("downloadHubModel takes its time limit from LMDIFF_HUB_TIMEOUT in seconds unless timeoutMs is given, and refuses a bad value", async () => {
  assert.equal(DEFAULT_HUB_TIMEOUT_MS, 30_000);
  const silent = await startSilentServer();
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-hub-"));
  try {
    await withHubTimeoutEnv("0.5", () =>
      assert.rejects(
        downloadHubModel("owner/name", { hubUrl: silent.url, cacheDir: cache }),
        /no answer from http:\/\/127\.0\.0\.1:\d+ within 0\.5 s \(set LMDIFF_HUB_TIMEOUT/,
      ),
    );
    // The option wins over the environment.
    await withHubTimeoutEnv("600", () =>
      assert.rejects(downloadHubModel("owner/name", { hubUrl: silent.url, cacheDir: cache, timeoutMs: 300 }), /within 0\.3 s/),
    );
    for (const bad of ["soon", "0", "-5"])
      await withHubTimeoutEnv(bad, () =>
        rejectsWithMessage(
          downloadHubModel("owner/name", { hubUrl: silent.url, cacheDir: cache }),
          new RegExp(`^lmdiff: invalid LMDIFF_HUB_TIMEOUT "${bad}" \\(expected a number of seconds > 0\\)$`),
        ),
      );
    await assert.rejects(downloadHubModel("owner/name", { hubUrl: silent.url, cacheDir: cache, timeoutMs: 0 }), /invalid timeoutMs 0/);
  } finally {
    await silent.close();
  }
});

test("downloadHubModel fails a body that stalls mid-file after timeoutMs of silence, leaves no half-file, and a later call downloads it", async () => {
  const src = path.join(ROOT, "models", "tiny-en");
  const stalling = await startStallingHub(src);
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-hub-"));
  try {
    const t0 = Date.now();
    await rejectsWithMessage(
      downloadHubModel("lmdiff-test/tiny-en", { hubUrl: stalling.url, cacheDir: cache, timeoutMs: 1000 }),
      new RegExp(
        `^lmdiff: cannot download config\\.json of lmdiff-test/tiny-en: the download from ${stalling.url} stalled: no data for 1 s \\(set LMDIFF_HUB_TIMEOUT to wait longer\\)$`,
      ),
    );
    assert.ok(Date.now() - t0 < 5000);
    assert.deepEqual(filesUnder(cache), [], "no half-file, temporary file or marker");
  } finally {
    await stalling.close();
  }
  const hub = await startFakeHub({ "lmdiff-test/tiny-en": src });
  try {
    const dir = await downloadHubModel("lmdiff-test/tiny-en", { hubUrl: hub.url, cacheDir: cache, timeoutMs: 1000 });
    assert.deepEqual(fs.readFileSync(path.join(dir, "config.json")), fs.readFileSync(path.join(src, "config.json")));
    assert.deepEqual(fs.readFileSync(path.join(dir, "onnx", "model.onnx")), fs.readFileSync(path.join(src, "onnx", "model.onnx")));
    assert.ok(fs.existsSync(path.join(dir, ".lmdiff-complete")));
    assert.ok(!filesUnder(cache).some((f) => f.endsWith(".tmp")));
  } finally {
    await hub.close();
  }
});
