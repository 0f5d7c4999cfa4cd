import assert from "node:assert/strict";
import { test } from "node:test";
import { alignedFromJSON, isAlignedJSON } from "../../src/core/alignedJson.ts";
import { instanceView } from "../../src/notebook/instanceView.ts";
import { corpusView } from "../../src/notebook/corpusView.ts";
import { instanceViewOptions } from "../../src/notebook/viewOptions.ts";
import { alignedFixture } from "../helpers/alignedFixture.ts";
import { fixtureCorpus } from "../fixtures/corpus.ts";
import { fixtureInstance } from "../fixtures/instance.ts";

const d = alignedFixture();
const viaJSON = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

test("instanceView(aligned) carries the AlignedJSON, coloured by bits_diff unless told", () => {
  const v = instanceView(d);
  assert.equal(v.payload.kind, "instance");
  if (v.payload.kind !== "instance") return;
  assert.equal(v.payload.measure, "bits_diff");
  assert.ok(isAlignedJSON(v.payload.instance));
  assert.deepEqual(alignedFromJSON(viaJSON(v.payload.instance)), d);
  assert.equal((instanceView(d, { measure: "bits_2" }).payload as { measure: string }).measure, "bits_2");
});

test("instanceView(aligned) shows the aligned figure as its picture and summarises in bits per byte", () => {
  const v = instanceView(d, { width: 600 });
  assert.ok(v.svg.includes('class="lmdiff-aligned-strip"'));
  assert.ok(v.svg.includes("pseudo-bits per byte (PLL)"));
  assert.match(v.summary, /^lmdiff: tiny-en \(model 1\) vs tiny-mlm-en \(model 2\) on one text of 20 bytes/);
  assert.ok(!v.svg.includes('class="lmdiff-steps"'), "no token step plots");
});

test("instanceView of token-level data is unchanged: InstanceJSON, prob_diff", () => {
  const v = instanceView(fixtureInstance());
  assert.equal((v.payload as { measure: string }).measure, "prob_diff");
  assert.ok(!isAlignedJSON((v.payload as { instance: unknown }).instance));
});

test("instanceViewOptions refuses a token measure for aligned data, and a byte measure is not a token data default", () => {
  assert.throws(
    () => instanceViewOptions({ measure: "rank_diff" }, d),
    (e: Error) => /^lmdiff: rank_diff needs the two models to share a tokenizer/.test(e.message),
  );
  assert.equal(instanceViewOptions({}, d).measure, "bits_diff");
  assert.equal(instanceViewOptions({}, fixtureInstance()).measure, "prob_diff");
});

test("instanceJson(index) answers the page with the AlignedJSON of an aligned view", () => {
  const v = instanceView(d);
  assert.ok(isAlignedJSON(v.instanceJson(d.index)));
  assert.throws(() => v.instanceJson(d.index + 1), /shows text #5 only/);
});

test("corpusView embeds texts of two tokenizers as AlignedJSON, which the page tells apart", () => {
  const corpus = fixtureCorpus();
  const v = corpusView({ data: corpus, notes: [], instance: (row) => ({ ...alignedFixture(), index: corpus.index[row] }) }, { embed: 2 });
  assert.equal(v.payload.kind, "corpus");
  if (v.payload.kind !== "corpus") return;
  const embedded = Object.values(v.payload.corpus.instances ?? {});
  assert.ok(embedded.length >= 1);
  for (const j of embedded) assert.ok(isAlignedJSON(j));
  const other = corpus.index.find((i) => !(String(i) in (v.payload.kind === "corpus" ? (v.payload.corpus.instances ?? {}) : {})))!;
  assert.ok(isAlignedJSON(v.instanceJson(other)), "a text asked for later comes in its own form too");
});

test("the widget of an aligned view takes a byte measure and refuses a token measure", () => {
  const w = instanceView(d).toWidget();
  w.measure = "bits_1";
  assert.equal(w.measure, "bits_1");
  assert.throws(() => (w.measure = "prob_diff"), /invalid measure "prob_diff" for this view \(expected one of bits_diff, bits_1, bits_2\)/);
  assert.throws(() => (instanceView(fixtureInstance()).toWidget().measure = "bits_diff"), /invalid measure "bits_diff"/);
});
