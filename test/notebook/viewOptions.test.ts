import assert from "node:assert/strict";
import { test } from "node:test";
import { corpusViewOptions, htmlOptions, instanceViewOptions } from "../../src/notebook/viewOptions.js";

test("instanceViewOptions() defaults to prob_diff at 800 pixels", () => {
  assert.deepEqual(instanceViewOptions(), { measure: "prob_diff", width: 800 });
});

test("corpusViewOptions() embeds the top 10 outliers by absolute mean prob_diff and selects nothing", () => {
  assert.deepEqual(corpusViewOptions(), {
    measure: "prob_diff",
    agg: "mean",
    order: "abs",
    rankBy: "significance",
    embed: 10,
    selected: null,
    width: 800,
  });
});

test("corpusViewOptions() takes the pair measures and a rankBy of raw or significance", () => {
  assert.equal(corpusViewOptions({ measure: "kl" }).measure, "kl");
  assert.equal(corpusViewOptions({ measure: "top1_agree" }).measure, "top1_agree");
  assert.equal(corpusViewOptions({ rankBy: "raw" }).rankBy, "raw");
  assert.throws(() => corpusViewOptions({ rankBy: "p" as never }), /unknown rankBy "p" \(expected one of raw, significance\)/);
});

test("instanceViewOptions() given the data refuses a joint measure it lacks, with the way to get it", async () => {
  const { fixtureInstance } = await import("../fixtures/instance.js");
  const { fixturePairInstance } = await import("../fixtures/pair.js");
  assert.throws(
    () => instanceViewOptions({ measure: "tv" }, fixtureInstance()),
    /tv needs both models' full distributions.*preprocess all/,
  );
  assert.equal(instanceViewOptions({ measure: "tv" }, fixturePairInstance()).measure, "tv");
  assert.equal(instanceViewOptions({ measure: "top1_agree" }, fixtureInstance()).measure, "top1_agree");
});

test("view options reject bad values with the option's name, the value and what is allowed", () => {
  assert.throws(() => instanceViewOptions({ measure: "foo" as never }), /unknown measure "foo" \(expected one of prob_diff/);
  assert.throws(() => corpusViewOptions({ measure: "prob_1" as never }), /unknown measure "prob_1"/);
  assert.throws(() => corpusViewOptions({ embed: -1 }), /invalid embed -1/);
  assert.throws(() => corpusViewOptions({ selected: 1.5 }), /invalid selected 1.5/);
  assert.throws(() => instanceViewOptions({ width: 10 }), /invalid width 10/);
  assert.throws(
    () => instanceViewOptions({ colour: "red" } as never),
    /unknown view option "colour" \(expected one of measure, width, standalone, title\)/,
  );
  assert.throws(() => htmlOptions({ standalone: "yes" as never }), /invalid standalone "yes"/);
});

test("view options let toHTML's own options ride along", () => {
  assert.equal(corpusViewOptions({ standalone: true, embed: 3 }).embed, 3);
  assert.deepEqual(htmlOptions({ standalone: true }), { standalone: true, title: "LMdiff" });
});
