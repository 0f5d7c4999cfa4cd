import assert from "node:assert/strict";
import { inspect } from "node:util";
import { test } from "node:test";
import "../../src/notebook/installDisplay.js";
import { fixtureCorpusComparison, nastyComparison } from "./fixtures.js";

const JUPYTER = Symbol.for("Jupyter.display");

test("InstanceComparison gets view, toMimeBundle, toHTML, show and both display symbols", () => {
  const c = nastyComparison();
  assert.equal(c.view().payload.kind, "instance");
  assert.deepEqual(Object.keys(c.toMimeBundle()).sort(), ["image/svg+xml", "text/html", "text/plain"]);
  assert.deepEqual(Object.keys(c[JUPYTER]()).sort(), ["image/svg+xml", "text/html", "text/plain"]);
  assert.match(c.toHTML({ standalone: true, measure: "rank_diff" }), /^<!doctype html>/);
  assert.equal(c.view({ measure: "rank_diff" }).payload.measure, "rank_diff");
  assert.match(inspect(c), /^InstanceComparison: lmdiff: .* on one text of 12 tokens/);
});

test("the display methods are not enumerable, so they stay out of spreads and key lists", () => {
  const c = nastyComparison();
  assert.deepEqual(Object.keys({ ...c }), ["data"]);
});

test("CorpusComparison's view ships the per-text table and says that no text can be opened without caches", () => {
  const c = fixtureCorpusComparison();
  const v = c.view();
  assert.equal(v.payload.kind, "corpus");
  if (v.payload.kind !== "corpus") return;
  assert.equal(v.payload.corpus.text.length, 12);
  assert.deepEqual(v.payload.corpus.instances, {});
  assert.match(v.payload.note!, /No token-level data is embedded/);
  assert.match(v.summary, /on fixture, 12 texts/);
  assert.match(inspect(c), /^CorpusComparison: lmdiff: /);
});

test("CorpusComparison.view({ selected }) checks the index against the corpus", () => {
  assert.throws(() => fixtureCorpusComparison().view({ selected: 99 }), /invalid selected 99 \(expected the index of a text of fixture, from 0 to 11\)/);
});

test("show() in a plain script prints the summary", () => {
  const logs: unknown[] = [];
  const orig = console.log;
  console.log = (x: unknown) => void logs.push(x);
  try {
    assert.equal(nastyComparison().show(), undefined);
  } finally {
    console.log = orig;
  }
  assert.equal(logs.length, 1);
  assert.match(String(logs[0]), /^lmdiff: /);
});
