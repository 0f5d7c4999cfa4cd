import assert from "node:assert/strict";
import { test } from "node:test";
import { chiSquare1Sf, normalCdf, normalQuantile, twoSidedP } from "../../src/core/normalCdf.ts";

/** |actual − expected| ≤ rel·|expected|. */
function close(actual: number, expected: number, rel: number, what = "") {
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${what} ${actual} vs ${expected}`);
}

// Reference values: mpmath.ncdf at 40 digits, rounded to double.  (scipy's
// ndtr is off by 1e-13 relative at −37; Cody's algorithm is not.)
const PHI: [number, number][] = [
  [-37, 5.725571222524577e-300],
  [-20, 2.7536241186062337e-89],
  [-10, 7.619853024160525e-24],
  [-8, 6.220960574271784e-16],
  [-6, 9.86587645037698e-10],
  [-5.6, 1.0717590258310907e-8],
  [-3, 0.0013498980316300946],
  [-1.96, 0.024997895148220435],
  [-0.6, 0.2742531177500736],
  [0, 0.5],
  [0.3, 0.6179114221889527],
  [1, 0.8413447460685429],
  [1.96, 0.9750021048517795],
  [5, 0.9999997133484281],
];

test("normalCdf(x) is accurate to ~1e-15 relative, in the far tails too", () => {
  for (const [x, p] of PHI) close(normalCdf(x), p, 1e-14, `Φ(${x})`);
  close(normalCdf(1.96), 0.9750021048517795, 1e-15);
  close(normalCdf(-8), 6.22096057427178e-16, 1e-10);
});

test("normalCdf(x) is 0 and 1 far out, and NaN for NaN", () => {
  assert.equal(normalCdf(-40), 0);
  assert.equal(normalCdf(40), 1);
  assert.equal(normalCdf(-Infinity), 0);
  assert.equal(normalCdf(Infinity), 1);
  assert.ok(Number.isNaN(normalCdf(NaN)));
});

test("normalCdf(x) + normalCdf(−x) = 1", () => {
  for (let x = 0; x < 6; x += 0.173) close(normalCdf(x) + normalCdf(-x), 1, 1e-15, `x = ${x}`);
});

test("twoSidedP(z) keeps its digits where 1 − Φ(|z|) would cancel", () => {
  close(twoSidedP(1.96), 0.04999579029644087, 1e-14);
  close(twoSidedP(-1.96), 0.04999579029644087, 1e-14);
  close(twoSidedP(10), 1.523970604832105e-23, 1e-14);
  assert.equal(twoSidedP(0), 1);
  assert.equal(twoSidedP(Infinity), 0);
  assert.ok(Number.isNaN(twoSidedP(NaN)));
});

test("chiSquare1Sf(x) is the χ²₁ survival function", () => {
  // 2·Φ(−√x) with mpmath
  close(chiSquare1Sf(3.84), 0.0500435212487051, 1e-14);
  close(chiSquare1Sf(3969 / 236), 4.114562281345945e-5, 1e-14);
  assert.equal(chiSquare1Sf(0), 1);
  assert.equal(chiSquare1Sf(-1), 1);
  assert.ok(Number.isNaN(chiSquare1Sf(NaN)));
});

test("normalQuantile(p) inverts normalCdf to full precision", () => {
  // √2·erfinv(2p − 1) with mpmath; scipy.stats.norm.ppf(1e-300) for the far tail.
  close(normalQuantile(0.975), 1.9599639845400543, 1e-15);
  close(normalQuantile(0.025), -1.9599639845400543, 1e-15);
  close(normalQuantile(0.95), 1.6448536269514726, 1e-15);
  close(normalQuantile(0.995), 2.575829303548901, 1e-15);
  close(normalQuantile(1e-10), -6.361340902404057, 1e-14);
  close(normalQuantile(1e-300), -37.0470962993612, 1e-14);
  assert.equal(normalQuantile(0.5), 0);
  assert.equal(normalQuantile(0), -Infinity);
  assert.equal(normalQuantile(1), Infinity);
  assert.ok(Number.isNaN(normalQuantile(1.5)));
  assert.ok(Number.isNaN(normalQuantile(NaN)));
});
