import assert from "node:assert/strict";
import { test } from "node:test";
import { serveOptions } from "../../src/server/serveOptions.ts";

test("serveOptions defaults to 127.0.0.1:8000, 16 waiting, 30 s and 20,000 characters", () => {
  const o = serveOptions({});
  assert.deepEqual(
    { host: o.host, port: o.port, queueSize: o.queueSize, timeLimit: o.timeLimit, maxText: o.maxText },
    { host: "127.0.0.1", port: 8000, queueSize: 16, timeLimit: 30, maxText: 20_000 },
  );
});

test("serveOptions parses the CLI's strings and accepts port 0 (any free port)", () => {
  const o = serveOptions({ port: "0", queueSize: "4", timeLimit: "5", maxText: "100", threads: "2" });
  assert.deepEqual([o.port, o.queueSize, o.timeLimit, o.maxText, o.threads], [0, 4, 5, 100, 2]);
});

test("serveOptions refuses --config with --m1, and --m1 without --m2, in one line", () => {
  assert.throws(
    () => serveOptions({ config: "d", m1: "a", m2: "b" }),
    /^LmdiffError: lmdiff: use either --config DIR or --m1 and --m2, not both$/,
  );
  assert.throws(() => serveOptions({ m1: "a" }), /--m2 is missing/);
  assert.throws(() => serveOptions({ m2: "a" }), /--m1 is missing/);
});

test("serveOptions refuses a bad port, queue size or host with the option's name", () => {
  assert.throws(() => serveOptions({ port: "70000" }), /invalid --port "70000" \(expected an integer from 0 to 65535\)/);
  assert.throws(() => serveOptions({ port: "http" }), /invalid --port/);
  assert.throws(() => serveOptions({ queueSize: "-1" }), /invalid --queue-size/);
  assert.throws(() => serveOptions({ host: "a b" }), /invalid --host/);
});
