import assert from "node:assert/strict";
import { test } from "node:test";
import { aggregate, aggregateAll, AGGREGATIONS, quantile } from "../../src/core/aggregate.ts";

test("quantile interpolates linearly between order statistics (numpy's default)", () => {
  // numpy.quantile([1, 2, 3, 4], [0.5, 0.75]) == [2.5, 3.25]
  assert.equal(quantile([4, 1, 3, 2], 0.5), 2.5);
  assert.equal(quantile([4, 1, 3, 2], 0.75), 3.25);
  assert.equal(quantile([7], 0.75), 7);
  assert.ok(Number.isNaN(quantile([], 0.5)));
});

test("aggregate computes mean, median, upper quartile, min and max", () => {
  const v = [3, -1, 10, 2];
  assert.equal(aggregate("mean", v), 3.5);
  assert.equal(aggregate("median", v), 2.5);
  assert.equal(aggregate("upper_quartile", v), 4.75);
  assert.equal(aggregate("min", v), -1);
  assert.equal(aggregate("max", v), 10);
});

test("aggregateAll agrees with aggregate and gives NaN for an empty text", () => {
  const v = Float64Array.from({ length: 101 }, (_, i) => Math.sin(i) * 10);
  const all = aggregateAll(v);
  for (const g of AGGREGATIONS) assert.ok(Math.abs(all[g] - aggregate(g, v)) < 1e-12, g);
  for (const g of AGGREGATIONS) assert.ok(Number.isNaN(aggregateAll([])[g]));
});
