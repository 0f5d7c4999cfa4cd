import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as http from "node:http";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { DEFAULT_HUB_TIMEOUT_MS, downloadHubModel, isHubId, parseHubSpec, type DownloadProgress } from "../../src/engine/hubDownload.ts";
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
 * A loopback hub that answers a HEAD (and a 1-byte range probe) of any file
 * properly, then sends the headers and the first half of the file itself
 * and goes silent, as a hub whose connection hangs mid-download.
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
    if (req.method === "HEAD") {
      res.writeHead(200, { "Content-Length": String(data.length), ETag: '"stall"' });
      return res.end();
    }
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

/** A copy of a model folder, to change what the fake hub serves. */
function copyModel(name: string, extra: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-repo-"));
  fs.cpSync(path.join(ROOT, "models", name), dir, { recursive: true });
  for (const [to, from] of Object.entries(extra)) fs.copyFileSync(path.join(ROOT, from), path.join(dir, to));
  return dir;
}

const newCache = () => fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-hub-"));

/** Run `f` with environment variables set (undefined: unset), restoring them afterwards. */
async function withEnv<T>(vars: Record<string, string | undefined>, f: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const set = (v: Record<string, string | undefined>) => {
    for (const [k, x] of Object.entries(v))
      if (x === undefined) delete process.env[k];
      else process.env[k] = x;
  };
  set(vars);
  try {
    return await f();
  } finally {
    set(saved);
  }
}

test("isHubId accepts owner/name@revision (a sha, tag or branch such as refs/pr/1), parseHubSpec splits it", () => {
  for (const s of ["Xenova/gpt2@main", "o/n@v1.0", "o/n@0123456789abcdef0123456789abcdef01234567", "o/n@refs/pr/1"])
    assert.ok(isHubId(s), s);
  for (const s of ["o/n@", "o/n@../x", "o/n@a b", "@o/n"]) assert.ok(!isHubId(s), s);
  assert.deepEqual(parseHubSpec("o/n@v1"), { id: "o/n", revision: "v1" });
  assert.deepEqual(parseHubSpec("o/n", "dev"), { id: "o/n", revision: "dev" });
  assert.deepEqual(parseHubSpec("o/n"), { id: "o/n", revision: "main" });
  assert.deepEqual(parseHubSpec("o/n@v1", "v1"), { id: "o/n", revision: "v1" });
  assert.throws(() => parseHubSpec("o/n@v1", "v2"), /o\/n@v1 pins revision v1 but the revision option says v2/);
});

test("a large file comes through the hub's redirect, checked against X-Linked-Size and X-Linked-ETag, with progress per file", async () => {
  const hub = await startFakeHub({ "lmdiff-test/tiny-en": path.join(ROOT, "models", "tiny-en") });
  const cache = newCache();
  const events: DownloadProgress[] = [];
  try {
    const dir = await downloadHubModel("lmdiff-test/tiny-en", {
      hubUrl: hub.url,
      cacheDir: cache,
      onProgress: (p) => events.push({ ...p }),
    });
    assert.ok(hub.requests.includes("HEAD /lmdiff-test/tiny-en/resolve/main/onnx/model.onnx"));
    assert.ok(hub.requests.includes("GET /cdn/lmdiff-test/tiny-en/resolve/main/onnx/model.onnx"), "followed the redirect to storage");
    const done = events.filter((e) => e.done);
    assert.deepEqual(
      done.map((e) => [e.index, e.file]),
      [
        [1, "config.json"],
        [2, "tokenizer.json"],
        [3, "tokenizer_config.json"],
        [4, "generation_config.json"],
        [5, "onnx/model.onnx"],
      ],
    );
    const onnx = events.filter((e) => e.file === "onnx/model.onnx");
    const size = fs.statSync(path.join(ROOT, "models/tiny-en/onnx/model.onnx")).size;
    assert.ok(onnx.every((e) => e.total === size && e.resumedFrom === 0));
    assert.ok(
      onnx.every((e, i) => i === 0 || e.bytes >= onnx[i - 1].bytes),
      "bytes only grow",
    );
    assert.equal(onnx.at(-1)!.bytes, size);
    const marker = JSON.parse(fs.readFileSync(path.join(dir, ".lmdiff-complete"), "utf8")) as {
      commit: string;
      files: Record<string, string>;
    };
    assert.match(marker.commit, /^[0-9a-f]{40}$/);
    assert.match(marker.files["onnx/model.onnx"], /^[0-9a-f]{64}$/, "a large file is recorded by its sha256");
    assert.deepEqual(
      filesUnder(dir).filter((f) => f.endsWith(".partial")),
      [],
    );
  } finally {
    await hub.close();
  }
});

test("a download cut mid-file keeps its partial bytes, and the next run asks only for the rest with a Range request", async () => {
  const src = path.join(ROOT, "models", "tiny-en");
  const hub = await startFakeHub({ "lmdiff-test/tiny-en": src });
  const cache = newCache();
  const opts = { hubUrl: hub.url, cacheDir: cache };
  try {
    hub.cutNext("onnx/model.onnx", 1_000_000);
    await rejectsWithMessage(
      downloadHubModel("lmdiff-test/tiny-en", opts),
      /^lmdiff: cannot download onnx\/model\.onnx of lmdiff-test\/tiny-en: .*; run again to resume from byte \d+$/,
    );
    const dir = path.join(cache, "lmdiff-test--tiny-en", "main");
    const partials = filesUnder(dir).filter((f) => f.endsWith(".partial"));
    assert.equal(partials.length, 1);
    assert.match(partials[0], /^onnx\/model\.onnx\.[0-9a-f]{16}\.partial$/);
    const got = fs.statSync(path.join(dir, partials[0])).size;
    assert.ok(got > 0 && got <= 1_000_000, `kept ${got} bytes`);
    assert.ok(!fs.existsSync(path.join(dir, "onnx", "model.onnx")), "never a half file under the real name");
    assert.ok(!fs.existsSync(path.join(dir, ".lmdiff-complete")));

    const events: DownloadProgress[] = [];
    hub.log.length = 0;
    await downloadHubModel("lmdiff-test/tiny-en", { ...opts, onProgress: (p) => events.push({ ...p }) });
    const gets = hub.log.filter((r) => r.method === "GET");
    assert.deepEqual(
      gets.map((r) => [r.url, r.range]),
      [
        ["/lmdiff-test/tiny-en/resolve/main/onnx/model.onnx", `bytes=${got}-`],
        ["/cdn/lmdiff-test/tiny-en/resolve/main/onnx/model.onnx", `bytes=${got}-`],
      ],
      "the small files were already there; the graph resumed where it stopped",
    );
    assert.ok(events.length > 0 && events.every((e) => e.file === "onnx/model.onnx" && e.resumedFrom === got));
    assert.deepEqual(fs.readFileSync(path.join(dir, "onnx", "model.onnx")), fs.readFileSync(path.join(src, "onnx", "model.onnx")));
    assert.deepEqual(
      filesUnder(dir).filter((f) => f.endsWith(".partial")),
      [],
    );
  } finally {
    await hub.close();
  }
});

test("a partial download of a file that changed on the hub since (another ETag) is dropped and the file fetched whole", async () => {
  const repo = copyModel("tiny-en");
  const hub = await startFakeHub({ "lmdiff-test/tiny-en": repo });
  const cache = newCache();
  try {
    hub.cutNext("onnx/model.onnx", 500_000);
    await assert.rejects(
      downloadHubModel("lmdiff-test/tiny-en", { hubUrl: hub.url, cacheDir: cache }),
      /cannot download onnx\/model\.onnx/,
    );
    // A new commit: the graph is another file now (still large, so still in "LFS"), here with a
    // doc_string (ModelProto field 6) appended.
    const doc = Buffer.from("new commit");
    const changed = Buffer.concat([fs.readFileSync(path.join(repo, "onnx", "model.onnx")), Buffer.from([0x32, doc.length]), doc]);
    fs.writeFileSync(path.join(repo, "onnx", "model.onnx"), changed);
    hub.log.length = 0;
    const dir = await downloadHubModel("lmdiff-test/tiny-en", { hubUrl: hub.url, cacheDir: cache });
    assert.ok(
      hub.log.every((r) => r.range === undefined),
      "no Range request for bytes of the old version",
    );
    assert.deepEqual(fs.readFileSync(path.join(dir, "onnx", "model.onnx")), changed);
    assert.deepEqual(
      filesUnder(dir).filter((f) => f.endsWith(".partial")),
      [],
      "the old partial file is gone",
    );
  } finally {
    await hub.close();
  }
});

test("a large file whose bytes do not match the hub's sha256 fails with one line, and nothing of it stays", async () => {
  const hub = await startFakeHub({ "lmdiff-test/tiny-en": path.join(ROOT, "models", "tiny-en") });
  const cache = newCache();
  try {
    hub.corrupt("onnx/model.onnx", true);
    await assert.rejects(downloadHubModel("lmdiff-test/tiny-en", { hubUrl: hub.url, cacheDir: cache }), (e: Error & { code?: string }) => {
      assert.match(
        e.message,
        /^lmdiff: cannot download onnx\/model\.onnx of lmdiff-test\/tiny-en: its sha256 is [0-9a-f]{12}… but the hub says [0-9a-f]{12}… \(the damaged download was removed; run again\)$/,
      );
      assert.equal(e.code, "download-corrupt");
      return true;
    });
    const dir = path.join(cache, "lmdiff-test--tiny-en", "main");
    assert.deepEqual(
      filesUnder(dir).filter((f) => f.startsWith("onnx") || f.startsWith(".lmdiff")),
      [],
      "no graph, no partial file, no marker",
    );
    hub.corrupt("onnx/model.onnx", false);
    await downloadHubModel("lmdiff-test/tiny-en", { hubUrl: hub.url, cacheDir: cache });
    assert.ok(fs.existsSync(path.join(dir, ".lmdiff-complete")));
  } finally {
    await hub.close();
  }
});

test("owner/name@REV downloads that revision into its own folder, keeps a readable name, and an unknown revision is one line", async () => {
  const hub = await startFakeHub({
    "lmdiff-test/tiny": { main: path.join(ROOT, "models", "tiny-en"), v1: path.join(ROOT, "models", "tiny-en-distil") },
  });
  const cache = newCache();
  try {
    const pinned = await Model.load("lmdiff-test/tiny@v1", { hubUrl: hub.url, cacheDir: cache });
    const head = await Model.load("lmdiff-test/tiny", { hubUrl: hub.url, cacheDir: cache });
    assert.equal(pinned.name, "lmdiff-test/tiny@v1");
    assert.equal(head.name, "lmdiff-test/tiny");
    assert.equal(pinned.dir, path.join(cache, "lmdiff-test--tiny", "v1"));
    assert.equal(head.dir, path.join(cache, "lmdiff-test--tiny", "main"));
    const distil = await Model.load("tiny-en-distil");
    const ids = distil.encode("A pinned revision is the model it names.");
    assert.deepEqual(Array.from((await scoreTexts(pinned, [ids]))[0].prob), Array.from((await scoreTexts(distil, [ids]))[0].prob));
    for (const m of [pinned, head, distil]) await m.dispose();
    // The revision option says the same as @REV.
    assert.equal(
      await downloadHubModel("lmdiff-test/tiny", { hubUrl: hub.url, cacheDir: cache, revision: "v1" }),
      path.join(cache, "lmdiff-test--tiny", "v1"),
    );
    await rejectsWithMessage(
      downloadHubModel("lmdiff-test/tiny@nope", { hubUrl: hub.url, cacheDir: cache }),
      /^lmdiff: lmdiff-test\/tiny@nope: no such revision on the hub \(a commit sha, tag or branch\)$/,
    );
  } finally {
    await hub.close();
  }
});

test("HF_HUB_OFFLINE=1 (or LMDIFF_OFFLINE=1) never touches the network: a cached model loads, another is a one-line error", async () => {
  const hub = await startFakeHub({ "lmdiff-test/tiny-en": path.join(ROOT, "models", "tiny-en") });
  const cache = newCache();
  try {
    await downloadHubModel("lmdiff-test/tiny-en", { hubUrl: hub.url, cacheDir: cache });
    hub.requests.length = 0;
    for (const env of [{ HF_HUB_OFFLINE: "1" }, { LMDIFF_OFFLINE: "true" }])
      await withEnv({ HF_HUB_OFFLINE: undefined, LMDIFF_OFFLINE: undefined, ...env }, async () => {
        const m = await Model.load("lmdiff-test/tiny-en", { hubUrl: hub.url, cacheDir: cache });
        await m.dispose();
        await rejectsWithMessage(
          Model.load("lmdiff-test/other", { hubUrl: hub.url, cacheDir: cache }),
          /^lmdiff: lmdiff-test\/other is not in the lmdiff cache \(.*\) and downloads are off \(HF_HUB_OFFLINE or LMDIFF_OFFLINE\); run once without them to download it$/,
        );
        await rejectsWithMessage(
          Model.load("lmdiff-test/tiny-en", { hubUrl: hub.url, cacheDir: cache, dtype: "q8" }),
          /^lmdiff: lmdiff-test\/tiny-en with dtype q8 is not in the lmdiff cache/,
        );
      });
    assert.deepEqual(hub.requests, []);
    await withEnv({ HF_HUB_OFFLINE: "0", LMDIFF_OFFLINE: undefined }, () =>
      assert.rejects(downloadHubModel("lmdiff-test/other", { hubUrl: hub.url, cacheDir: cache }), /has no config\.json/),
    );
  } finally {
    await hub.close();
  }
});

test("dtype picks the hub's file variant and downloads only that graph; another dtype later adds its graph, not the small files again", async () => {
  const repo = copyModel("tiny-en", { "onnx/model_quantized.onnx": "models/tiny-en-distil/onnx/model.onnx" });
  const hub = await startFakeHub({ "lmdiff-test/tiny-en": repo });
  const cache = newCache();
  try {
    const q8 = await Model.load("lmdiff-test/tiny-en", { hubUrl: hub.url, cacheDir: cache, dtype: "q8" });
    assert.equal(path.relative(q8.dir, q8.onnxPath), path.join("onnx", "model_quantized.onnx"));
    assert.ok(!hub.requests.some((r) => r.startsWith("GET") && r.endsWith("/onnx/model.onnx")), "the fp32 graph is not fetched");
    await q8.dispose();
    hub.requests.length = 0;
    const fp32 = await Model.load("lmdiff-test/tiny-en", { hubUrl: hub.url, cacheDir: cache });
    assert.equal(path.relative(fp32.dir, fp32.onnxPath), path.join("onnx", "model.onnx"));
    assert.deepEqual(
      hub.requests.filter((r) => r.startsWith("GET")).map((r) => r.split("/resolve/main/")[1]),
      ["onnx/model.onnx", "onnx/model.onnx"],
      "only the new graph (through the redirect); config and tokenizer were checked by HEAD only",
    );
    await fp32.dispose();
    // Both are complete now: neither needs the hub.
    for (const dtype of ["q8", "fp32"] as const) {
      const m = await Model.load("lmdiff-test/tiny-en", { hubUrl: "http://127.0.0.1:9", cacheDir: cache, dtype });
      await m.dispose();
    }
    await rejectsWithMessage(
      downloadHubModel("lmdiff-test/tiny-en", { hubUrl: hub.url, cacheDir: cache, dtype: "q4" }),
      /^lmdiff: lmdiff-test\/tiny-en has no q4 ONNX file \(looked for onnx\/model_q4\.onnx and the decoder_model files\); it has fp32, q8: pass --dtype fp32 \(or q8\)$/,
    );
    await assert.rejects(
      downloadHubModel("lmdiff-test/tiny-en", { hubUrl: hub.url, cacheDir: cache, dtype: "int4" as never }),
      /invalid dtype "int4" \(expected one of fp32, fp16, q8/,
    );
  } finally {
    await hub.close();
  }
});

test("an older export's decoder_model_merged_quantized.onnx is the q8 variant", async () => {
  const repo = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-repo-"));
  for (const f of ["config.json", "tokenizer.json", "tokenizer_config.json"])
    fs.copyFileSync(path.join(ROOT, "models/tiny-en", f), path.join(repo, f));
  fs.mkdirSync(path.join(repo, "onnx"));
  fs.copyFileSync(path.join(ROOT, "models/tiny-en/onnx/model.onnx"), path.join(repo, "onnx", "decoder_model_merged_quantized.onnx"));
  const hub = await startFakeHub({ "lmdiff-test/old": repo });
  const cache = newCache();
  try {
    const m = await Model.load("lmdiff-test/old", { hubUrl: hub.url, cacheDir: cache, dtype: "q8" });
    assert.equal(path.basename(m.onnxPath), "decoder_model_merged_quantized.onnx");
    await m.dispose();
    await assert.rejects(
      downloadHubModel("lmdiff-test/old", { hubUrl: hub.url, cacheDir: cache }),
      /has no fp32 ONNX file .*it has q8: pass --dtype q8$/,
    );
  } finally {
    await hub.close();
  }
});

test("a graph with external data downloads every file it names, and scores like the same model in one file", async () => {
  const src = path.join(ROOT, "test", "fixtures", "tiny-en-external");
  const hub = await startFakeHub({ "lmdiff-test/external": src });
  const cache = newCache();
  try {
    const m = await Model.load("lmdiff-test/external", { hubUrl: hub.url, cacheDir: cache });
    const data = [
      "model.onnx_data",
      "model.onnx_data_1",
      "model.onnx_data_2",
      "model.wpe.weight_fp16",
      "model.ln_f.weight_fp16",
      "model.ln_f.bias_fp16",
    ];
    for (const f of data) assert.deepEqual(fs.readFileSync(path.join(m.dir, "onnx", f)), fs.readFileSync(path.join(src, "onnx", f)), f);
    assert.ok(
      hub.requests.includes("GET /cdn/lmdiff-test/external/resolve/main/onnx/model.onnx_data"),
      "the 1 MB file came as a large one",
    );
    const local = await Model.load("tiny-en");
    const ids = local.encode("External weights change where the bytes live, not what they say.");
    assert.deepEqual(Array.from((await scoreTexts(m, [ids]))[0].prob), Array.from((await scoreTexts(local, [ids]))[0].prob));
    await m.dispose();
    await local.dispose();
  } finally {
    await hub.close();
  }
});

test("a cache folder marked complete by an older lmdiff (one graph, no dtypes) still loads with no network", async () => {
  const cache = newCache();
  const dir = path.join(cache, "lmdiff-test--tiny-en", "main");
  fs.cpSync(path.join(ROOT, "models", "tiny-en"), dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, ".lmdiff-complete"),
    JSON.stringify({ id: "lmdiff-test/tiny-en", revision: "main", onnx: "onnx/model.onnx", downloaded: "2025-01-01T00:00:00.000Z" }),
  );
  const m = await Model.load("lmdiff-test/tiny-en", { hubUrl: "http://127.0.0.1:9", cacheDir: cache });
  assert.equal(m.kind, "causal");
  await m.dispose();
});

test("two downloads of the same model at once take turns: every file is fetched once, and both get the complete folder", async () => {
  const hub = await startFakeHub({ "lmdiff-test/tiny-en": path.join(ROOT, "models", "tiny-en") });
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-hub-"));
  try {
    const [a, b] = await Promise.all([
      downloadHubModel("lmdiff-test/tiny-en", { hubUrl: hub.url, cacheDir: cache }),
      downloadHubModel("lmdiff-test/tiny-en", { hubUrl: hub.url, cacheDir: cache }),
    ]);
    assert.equal(a, b);
    // The hub answers a large file's GET with a redirect to storage (/cdn/…): one download, one storage GET.
    const gets = hub.requests.filter((r) => r.startsWith("GET /cdn/") && r.endsWith("/onnx/model.onnx"));
    assert.equal(gets.length, 1, `the graph was fetched ${gets.length} times`);
    assert.deepEqual(
      fs.readFileSync(path.join(a, "onnx", "model.onnx")),
      fs.readFileSync(path.join(ROOT, "models", "tiny-en", "onnx", "model.onnx")),
    );
    assert.ok(!fs.existsSync(`${a}.lock`), "the lock is gone");
  } finally {
    await hub.close();
  }
});
