import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as net from "node:net";
import * as path from "node:path";
import { test } from "node:test";
import { M1, M2, N1, N2, tmpDir } from "./fixtures.ts";

// `lmdiff serve` as a user runs it: the built CLI (npm run build first).
const BIN = path.join(__dirname, "..", "..", "bin", "lmdiff.js");
const env = { ...process.env, LMDIFF_CACHE: path.join(tmpDir("serve-cli"), "cache") };

function lmdiff(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function assertOneLineError(r: ReturnType<typeof lmdiff>, pattern: RegExp) {
  assert.notEqual(r.code, 0, "exits non-zero");
  const lines = r.err.trim().split("\n");
  assert.equal(lines.length, 1, `one line on stderr, got: ${r.err}`);
  assert.match(lines[0], /^lmdiff: /);
  assert.match(lines[0], pattern);
}

test("lmdiff serve refuses conflicting or incomplete options in one line", () => {
  assertOneLineError(lmdiff("serve", "--config", "x", "--m1", "a", "--m2", "b"), /use either --config DIR or --m1 and --m2/);
  assertOneLineError(lmdiff("serve", "--m1", "a"), /--m2 is missing/);
  assertOneLineError(lmdiff("serve", "--port", "99999"), /invalid --port "99999"/);
});

test("lmdiff serve --config on a folder without lmdiff.json says how to make one", () => {
  assertOneLineError(lmdiff("serve", "--config", tmpDir("empty")), /has no lmdiff\.json \(run lmdiff preprocess all/);
});

test(
  "lmdiff serve --m1 --m2 serves live analysis only, prints its URL and stops on Ctrl-C, even with a silent connection open",
  { timeout: 90_000 },
  async () => {
    const child = spawn(process.execPath, [BIN, "serve", "--m1", M1, "--m2", M2, "--port", "0", "--threads", "1"], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    let silent: net.Socket | undefined;
    child.stderr.on("data", (c) => (err += c));
    const exited = new Promise<number | null>((r) => child.once("exit", (c) => r(c)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        const timer = setTimeout(() => reject(new Error(`no URL in 60 s: ${err}`)), 60_000);
        child.stdout.on("data", (c) => {
          out += c;
          const m = /^(http:\/\/127\.0\.0\.1:\d+\/)$/m.exec(out);
          if (m) resolve((clearTimeout(timer), m[1]));
        });
        void exited.then((c) => reject(new Error(`exited ${c}: ${err}`)));
      });
      const models = (await (await fetch(`${url}api/models`)).json()) as { models: { name: string }[] };
      assert.deepEqual(
        models.models.map((m) => m.name),
        [N1, N2],
      );
      assert.deepEqual(await (await fetch(`${url}api/datasets`)).json(), { datasets: [] });
      const r = await fetch(`${url}api/analyze`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ m1: N1, m2: N2, text: "Hello there." }),
      });
      assert.equal(r.status, 200);
      assert.equal(((await r.json()) as { text: string }).text, "Hello there.");
      assert.equal((await fetch(url)).status, 200, "the page is served");
      assert.match(err, /live analysis only/);
      // A connection that never sends a request, as a browser's speculative
      // preconnect: it used to hold the exit for the whole minute of the
      // connection timeout.
      silent = net.connect(Number(new URL(url).port), "127.0.0.1");
      await new Promise((r) => silent!.once("connect", r));
    } finally {
      child.kill("SIGINT");
    }
    const t0 = Date.now();
    const closedByServer = new Promise((r) => silent?.once("close", r));
    assert.equal(await exited, 0, err);
    await closedByServer;
    assert.ok(Date.now() - t0 < 30_000, `stopped ${Date.now() - t0} ms after Ctrl-C; the connection timeout is 60 s`);
  },
);
