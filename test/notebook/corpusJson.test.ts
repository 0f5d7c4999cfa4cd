import assert from "node:assert/strict";
import { test } from "node:test";
import { corpusFromPayload, corpusToPayload, isCorpusPayload, type CorpusPayload } from "../../src/core/corpusJson.js";
import { fixtureCorpus } from "../fixtures/corpus.js";
import { nastyInstance } from "./fixtures.js";

/** A payload as the page receives it: through JSON text. */
const viaJson = (p: CorpusPayload): CorpusPayload => JSON.parse(JSON.stringify(p)) as CorpusPayload;

test("corpusToPayload and corpusFromPayload round-trip every column exactly, NaN included", () => {
  const c = fixtureCorpus();
  const back = corpusFromPayload(viaJson(corpusToPayload(c)));
  assert.deepEqual(back.models, c.models);
  assert.equal(back.dataset, c.dataset);
  assert.deepEqual(back.text, c.text);
  assert.deepEqual(Array.from(back.index), Array.from(c.index));
  assert.deepEqual(Array.from(back.nTokens), Array.from(c.nTokens));
  assert.deepEqual(Object.keys(back.values), Object.keys(c.values));
  for (const k of Object.keys(c.values)) assert.deepEqual(Array.from(back.values[k]), Array.from(c.values[k]), k);
  assert.ok(
    Object.values(c.values).some((col) => col.some(Number.isNaN)),
    "the fixture has a NaN to carry",
  );
});

test("corpusToPayload encodes columns as base64 strings, about 10.7 characters per value", () => {
  const p = corpusToPayload(fixtureCorpus());
  for (const v of Object.values(p.values)) {
    assert.equal(typeof v, "string");
    assert.equal(v.length, Math.ceil((12 * 8) / 3) * 4);
  }
});

test('corpusToPayload(c, [], { valuesType: "float32" }) halves the columns and reads back as their float32 values, NaN included', () => {
  const c = fixtureCorpus();
  const p = corpusToPayload(c, [], { valuesType: "float32" });
  assert.equal(p.valuesType, "float32");
  for (const v of Object.values(p.values)) assert.equal((v as string).length, Math.ceil((12 * 4) / 3) * 4);
  const back = corpusFromPayload(viaJson(p));
  for (const k of Object.keys(c.values)) assert.deepEqual(Array.from(back.values[k]), Array.from(c.values[k], Math.fround), k);
});

test("corpusToPayload writes no valuesType for float64, the default, so the server's payloads keep their shape", () => {
  assert.equal("valuesType" in corpusToPayload(fixtureCorpus()), false);
});

test("corpusToPayload keys embedded instances by their corpus index", () => {
  const d = { ...nastyInstance(), index: 7 };
  const p = corpusToPayload(fixtureCorpus(), [d]);
  assert.deepEqual(Object.keys(p.instances!), ["7"]);
  assert.equal(p.instances!["7"].text, d.text);
});

test("corpusFromPayload still reads plain number columns with null for missing values", () => {
  const p = { ...corpusToPayload(fixtureCorpus()), values: { prob_diff_mean: [0.5, null] } };
  const c = corpusFromPayload(p);
  assert.equal(c.values.prob_diff_mean[0], 0.5);
  assert.ok(Number.isNaN(c.values.prob_diff_mean[1]));
});

test("isCorpusPayload tells a payload from an instance or nothing", () => {
  assert.equal(isCorpusPayload(corpusToPayload(fixtureCorpus())), true);
  assert.equal(isCorpusPayload({ v: 1 }), false);
  assert.equal(isCorpusPayload(null), false);
});
