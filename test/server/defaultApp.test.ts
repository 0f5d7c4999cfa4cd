import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { test } from "node:test";
import { Catalog } from "../../src/server/Catalog.ts";
import { DEFAULT_APP, defaultAppDir, prepareDefaultApp } from "../../src/server/defaultApp.ts";
import { tmpDir } from "./fixtures.ts";
import { tokenLevel } from "../helpers/tokenLevel.ts";

test("defaultAppDir is default-app inside $LMDIFF_CACHE", () => {
  const before = process.env.LMDIFF_CACHE;
  process.env.LMDIFF_CACHE = "/some/cache";
  try {
    assert.equal(defaultAppDir(), path.join("/some/cache", "default-app"));
  } finally {
    if (before === undefined) delete process.env.LMDIFF_CACHE;
    else process.env.LMDIFF_CACHE = before;
  }
});

test(
  "prepareDefaultApp analyses tiny-en and tiny-en-distil together on fortunes-en once, with progress, and reuses the caches afterwards",
  { timeout: 600_000 },
  async () => {
    const dir = path.join(tmpDir("default"), "default-app");
    const labels: string[] = [];
    let updates = 0;
    const progress = (label: string) => (labels.push(label), { update: () => void updates++, stop: () => {} });
    await prepareDefaultApp(dir, { progress, load: { threads: 1 } });
    // One joint run: both caches and the pair cache of the joint measures.
    assert.deepEqual(labels, [`${DEFAULT_APP.m1} and ${DEFAULT_APP.m2} on ${DEFAULT_APP.dataset}`]);
    assert.ok(updates > 2, "progress was reported");
    const caches = ["caches", "pairs"].flatMap((d) => fs.readdirSync(path.join(dir, d)).map((f) => path.join(dir, d, f)));
    assert.equal(caches.length, 3);
    const mtimes = caches.map((f) => fs.statSync(f).mtimeMs);
    await prepareDefaultApp(dir, { load: { threads: 1 } });
    assert.deepEqual(
      caches.map((f) => fs.statSync(f).mtimeMs),
      mtimes,
      "the second start reuses the caches",
    );
    const catalog = await Catalog.fromProject(dir, { threads: 1 });
    try {
      assert.deepEqual(
        catalog.datasets(DEFAULT_APP.m1, DEFAULT_APP.m2).map((d) => d.name),
        [DEFAULT_APP.dataset],
      );
      const reverse = catalog.comparison(DEFAULT_APP.m2, DEFAULT_APP.m1, DEFAULT_APP.dataset);
      assert.ok(reverse.length > 0);
      assert.ok(reverse.joint, "the server's comparisons carry the joint measures");
      assert.ok(tokenLevel(reverse.instance(0).data).pair, "and so do their texts");
    } finally {
      await catalog.dispose();
    }
  },
);
