import assert from "node:assert/strict";
import { test } from "node:test";
import { betterLists } from "../../src/render/betterLists.js";
import { corpusSignificance } from "../../src/render/corpusSignificance.js";
import { fixturePairCorpus } from "../fixtures/pair.js";

const c = fixturePairCorpus();
const s = corpusSignificance(c)!;
const values = c.values.prob_diff_mean;
const lists = (o: Partial<Parameters<typeof betterLists>[2]>) => {
  const l = betterLists(values, s, { rankBy: "significance", order: "abs", size: 50, ...o });
  return { model1: Array.from(l.model1), model2: Array.from(l.model2) };
};

test("betterLists splits the texts by the sign of their mean log-probability difference", () => {
  const l = lists({});
  assert.deepEqual(
    [...l.model1].sort((a, b) => a - b),
    [1, 5, 7, 10],
  );
  assert.deepEqual(
    [...l.model2].sort((a, b) => a - b),
    [0, 2, 3, 6, 9, 11],
  );
  // Text 8 (a mean of 0) and text 4 (none) are in neither.
});

test("betterLists by significance orders each list by q-value, then |mean / SE|", () => {
  assert.deepEqual(lists({}), { model1: [5, 1, 10, 7], model2: [11, 9, 3, 2, 6, 0] });
});

test("betterLists by raw value orders each list by the aggregate, as order says", () => {
  assert.deepEqual(lists({ rankBy: "raw" }), { model1: [7, 5, 1, 10], model2: [2, 11, 9, 3, 6, 0] });
  assert.deepEqual(lists({ rankBy: "raw", order: "asc" }).model2, [0, 6, 3, 9, 11, 2]);
});

test("betterLists stops each list at size and keeps only the rows asked", () => {
  assert.deepEqual(lists({ size: 2 }), { model1: [5, 1], model2: [11, 9] });
  const keep = (row: number) => row % 2 === 1;
  assert.deepEqual(lists({ keep }), { model1: [5, 1, 7], model2: [11, 9, 3] });
  assert.deepEqual(lists({ rankBy: "raw", keep }), { model1: [7, 5, 1], model2: [11, 9, 3] });
});

test("betterLists of size 0 or of nothing kept is empty", () => {
  assert.deepEqual(lists({ size: 0 }), { model1: [], model2: [] });
  assert.deepEqual(lists({ keep: () => false, rankBy: "raw" }), { model1: [], model2: [] });
});
