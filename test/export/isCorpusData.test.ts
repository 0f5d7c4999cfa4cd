import assert from "node:assert/strict";
import { test } from "node:test";
import { isCorpusData } from "../../src/export/isCorpusData.js";
import { fixtureCorpus } from "../fixtures/corpus.js";
import { fixtureInstance } from "../fixtures/instance.js";

test("isCorpusData tells a corpus from one text by shape", () => {
  assert.equal(isCorpusData(fixtureCorpus()), true);
  assert.equal(isCorpusData(fixtureInstance()), false);
});
