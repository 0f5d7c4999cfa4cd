import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { Table, tableFromIPC } from "apache-arrow";
import { AnalysisCache } from "../../src/engine/AnalysisCache.ts";
import { mergeParts } from "../../src/engine/mergeParts.ts";
import { cacheParts, SCHEMA, TEXTS } from "../helpers/cacheParts.ts";

test("mergeParts(partDir, schema, out) writes the rows of all parts, in order, as one record batch", async () => {
  const { dir, batches } = cacheParts();
  const out = path.join(dir, "..", `${path.basename(dir)}.arrow`);
  await mergeParts(dir, SCHEMA, out);
  const merged = tableFromIPC(fs.readFileSync(out));
  assert.equal(merged.batches.length, 1);
  const expected = new Table(batches);
  assert.equal(merged.numRows, expected.numRows);
  for (const f of SCHEMA.fields)
    assert.deepEqual(JSON.stringify(merged.getChild(f.name)!.toArray()), JSON.stringify(expected.getChild(f.name)!.toArray()), f.name);
  assert.deepEqual([...merged.schema.metadata], [...SCHEMA.metadata]);
});

test("mergeParts keeps each document's text on its first row and null on the others", async () => {
  const { dir } = cacheParts();
  const out = `${dir}.arrow`;
  await mergeParts(dir, SCHEMA, out);
  const t = tableFromIPC(fs.readFileSync(out));
  const doc = t.getChild("doc")!.toArray() as Int32Array;
  const text = t.getChild("text")!;
  for (let r = 0; r < t.numRows; r++) assert.equal(text.get(r), r === 0 || doc[r] !== doc[r - 1] ? TEXTS[doc[r]] : null, `row ${r}`);
  const cache = AnalysisCache.open(out);
  assert.deepEqual(
    TEXTS.map((_, d) => cache.text(d)),
    TEXTS,
  );
});

test("a merge that cannot read a part fails, leaving neither the output nor a temporary file", async () => {
  const { dir } = cacheParts();
  fs.writeFileSync(path.join(dir, "part-000000003.arrow"), "not arrow");
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-merge-out-"));
  await assert.rejects(mergeParts(dir, SCHEMA, path.join(outDir, "out.arrow")));
  assert.deepEqual(fs.readdirSync(outDir), []);
});

test("a merge that cannot write fails, leaving no temporary file, and a later merge succeeds", async () => {
  const { dir } = cacheParts();
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-merge-out-"));
  const out = path.join(outDir, "out.arrow");
  fs.mkdirSync(out); // a folder in the way: the rename fails
  await assert.rejects(mergeParts(dir, SCHEMA, out));
  assert.deepEqual(fs.readdirSync(outDir), ["out.arrow"]);
  fs.rmdirSync(out);
  await mergeParts(dir, SCHEMA, out);
  assert.equal(AnalysisCache.open(out).meta.nDocs, TEXTS.length);
});
