import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import Module from "node:module";
import path from "node:path";
import { test } from "node:test";
import { displayBundle, type DisplayTarget } from "../../src/notebook/displayBundle.js";

const BUNDLE = { "text/html": "<b>x</b>", "image/svg+xml": "<svg/>", "text/plain": "x" };
const g = globalThis as { __tslab__?: unknown; Deno?: unknown };

test("displayBundle sends the whole bundle through the running tslab kernel's writer found in require.cache", () => {
  const key = path.join("/fake", "node_modules", "tslab", "dist", "jupyter.js");
  const sent: unknown[] = [];
  const mod = new Module(key);
  mod.exports = { lastWriteDisplayData: (msg: unknown, update: boolean) => sent.push([msg, update]) };
  require.cache[key] = mod;
  g.__tslab__ = { require: () => ({}) };
  let target: DisplayTarget | undefined;
  try {
    assert.equal(
      displayBundle(BUNDLE, (t) => (target = t)),
      undefined,
    );
  } finally {
    delete require.cache[key];
    delete g.__tslab__;
  }
  assert.equal(target, "tslab");
  assert.deepEqual(sent, [[{ data: BUNDLE, metadata: {}, transient: {} }, false]]);
});

test("displayBundle falls back to tslab's public display.html when the internal writer is not found", () => {
  const html: string[] = [];
  g.__tslab__ = { require: (id: string) => (id === "tslab" ? { display: { html: (s: string) => html.push(s) } } : {}) };
  try {
    // Synchronous on tslab: nothing to wait for.
    void displayBundle(BUNDLE);
  } finally {
    delete g.__tslab__;
  }
  assert.deepEqual(html, ["<b>x</b>"]);
});

test("displayBundle uses Deno.jupyter.display with the raw bundle and settles after it", async () => {
  const sent: unknown[] = [];
  g.Deno = {
    jupyter: {
      display: (b: unknown, o: unknown) => {
        sent.push([b, o]);
        return Promise.resolve();
      },
    },
  };
  let target: DisplayTarget | undefined;
  try {
    const p = displayBundle(BUNDLE, (t) => (target = t));
    assert.ok(p instanceof Promise);
    await p;
  } finally {
    delete g.Deno;
  }
  assert.equal(target, "deno");
  assert.deepEqual(sent, [[BUNDLE, { raw: true }]]);
});

test("the pinned tslab 1.0.22 still exposes lastWriteDisplayData in dist/jupyter.js, which show() relies on", () => {
  const dir = path.dirname(require.resolve("tslab/package.json"));
  assert.equal((JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { version: string }).version, "1.0.22");
  const src = readFileSync(path.join(dir, "dist", "jupyter.js"), "utf8");
  assert.match(src, /exports\.lastWriteDisplayData = writeDisplayData;/);
  assert.match(readFileSync(path.join(dir, "dist", "executor.js"), "utf8"), /globalThis\.__tslab__ = x/);
});

test("displayBundle prints the summary under deno run, where Deno.jupyter throws", () => {
  const logs: unknown[] = [];
  const orig = console.log;
  console.log = (x: unknown) => void logs.push(x);
  g.Deno = {
    get jupyter() {
      throw new Error("Deno.jupyter is only available in `deno jupyter` subcommand");
    },
  };
  let target: DisplayTarget | undefined;
  try {
    assert.equal(
      displayBundle(BUNDLE, (t) => (target = t)),
      undefined,
    );
  } finally {
    delete g.Deno;
    console.log = orig;
  }
  assert.equal(target, "console");
  assert.deepEqual(logs, ["x"]);
});
