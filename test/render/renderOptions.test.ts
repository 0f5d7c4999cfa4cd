import assert from "node:assert/strict";
import { test } from "node:test";
import { renderOptions } from "../../src/render/renderOptions.js";

test("renderOptions fills defaults", () => {
  const o = renderOptions();
  assert.equal(o.measure, "prob_diff");
  assert.equal(o.palette, "rdbu");
  assert.equal(o.width, 800);
  assert.equal(o.maxRank, 1000);
  assert.equal(o.highlight, null);
  assert.equal(o.brush, null);
});

test("renderOptions names the option, the bad value and what is allowed", () => {
  assert.throws(() => renderOptions({ measure: "foo" }), /lmdiff: unknown measure "foo" \(expected one of prob_diff, /);
  assert.throws(() => renderOptions({ palette: "jet" }), /unknown palette "jet" \(expected one of rdbu, puor\)/);
  assert.throws(() => renderOptions({ width: -3 }), /invalid width -3/);
  assert.throws(() => renderOptions({ maxRank: 1.5 }), /invalid maxRank 1.5/);
  assert.throws(() => renderOptions({ brush: [1] }), /invalid brush/);
  assert.throws(() => renderOptions({ colour: "red" } as never), /unknown render option "colour"/);
});

test("renderOptions orders a reversed brush and accepts numeric strings", () => {
  assert.deepEqual(renderOptions({ brush: [2, -1] }).brush, [-1, 2]);
  assert.equal(renderOptions({ width: "640" }).width, 640);
});

test("renderOptions is idempotent", () => {
  const o = renderOptions({ measure: "rank_diff", highlight: 3, brush: [0, 1] });
  assert.deepEqual(renderOptions(o), o);
});
