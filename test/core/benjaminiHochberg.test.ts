import assert from "node:assert/strict";
import { test } from "node:test";
import { benjaminiHochberg } from "../../src/core/benjaminiHochberg.ts";

function closeAll(actual: Float64Array, expected: number[]) {
  assert.equal(actual.length, expected.length);
  expected.forEach((e, i) => {
    if (Number.isNaN(e)) assert.ok(Number.isNaN(actual[i]), `q[${i}] = ${actual[i]}, expected NaN`);
    else assert.ok(Math.abs(actual[i] - e) < 1e-15, `q[${i}] = ${actual[i]}, expected ${e}`);
  });
}

test("benjaminiHochberg(p) equals R's p.adjust(p, 'BH'), NaN left out of m", () => {
  // m = 6 non-NaN p-values; ranked 0.005, 0.01, 0.03, 0.04, 0.04, 0.2, m·p/rank is
  // 0.03, 0.03, 0.06, 0.06, 0.048, 0.2, and the running minimum from the top gives
  // 0.03, 0.03, 0.048, 0.048, 0.048, 0.2.  R: p.adjust(c(.01,.04,.03,.005,.2,NA,.04), "BH").
  closeAll(benjaminiHochberg([0.01, 0.04, 0.03, 0.005, 0.2, NaN, 0.04]), [0.03, 0.048, 0.048, 0.03, 0.2, NaN, 0.048]);
});

test("benjaminiHochberg(p) caps q at 1 and keeps the order monotone", () => {
  // m·p/rank = 2.7, 1.425, 0.99 → running minimum 0.99 for all three.
  closeAll(benjaminiHochberg([0.9, 0.95, 0.99]), [0.99, 0.99, 0.99]);
  closeAll(benjaminiHochberg([1, 1]), [1, 1]);
});

test("benjaminiHochberg(p) leaves a single p-value as it is and handles empty and all-NaN input", () => {
  closeAll(benjaminiHochberg([0.3]), [0.3]);
  assert.equal(benjaminiHochberg([]).length, 0);
  closeAll(benjaminiHochberg([NaN, NaN]), [NaN, NaN]);
});

test("benjaminiHochberg(p) does not modify its input", () => {
  const p = Float64Array.of(0.2, 0.01, 0.05);
  benjaminiHochberg(p);
  assert.deepEqual([...p], [0.2, 0.01, 0.05]);
});
