import assert from "node:assert/strict";
import { test } from "node:test";
import { topkTokenText } from "../../src/render/topkTokenText.js";
import { fixtureInstance } from "../fixtures/instance.js";
import { alignedFixture } from "../helpers/alignedFixture.js";

test("topkTokenText shows spaces and newlines and unknown ids", () => {
  const d = fixtureInstance();
  assert.equal(topkTokenText(d, 1), "␣the");
  assert.equal(topkTokenText(d, 4), "↵");
  assert.equal(topkTokenText(d, 999), "⟨999⟩");
});

test("topkTokenText reads one side of an aligned text's vocabulary as well", () => {
  const side = alignedFixture().sides[1];
  assert.equal(topkTokenText(side, 1), "␣the");
  assert.equal(topkTokenText(side, 3), "↵");
});
