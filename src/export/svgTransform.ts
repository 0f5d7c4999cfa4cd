import { LmdiffError } from "../core/LmdiffError.js";

/**
 * An affine transform [a, b, c, d, e, f] as in SVG's matrix(): a point
 * (x, y) maps to (a·x + c·y + e, b·x + d·y + f).
 */
export type Matrix = [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m · n: apply n first, then m. */
export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

/** Parse an SVG transform list of translate, scale and matrix (what lmdiff writes), for the PDF translator. */
export function parseTransform(s: string | undefined): Matrix {
  let m = IDENTITY;
  if (!s) return m;
  const re = /\s*(translate|scale|matrix)\s*\(([^)]*)\)\s*,?/gy;
  let at = 0;
  for (let r = re.exec(s); r; r = re.exec(s)) {
    const v = r[2]
      .trim()
      .split(/[\s,]+/)
      .filter((x) => x !== "")
      .map(Number);
    if (v.some((x) => !Number.isFinite(x))) break;
    let t: Matrix | null = null;
    if (r[1] === "translate" && (v.length === 1 || v.length === 2)) t = [1, 0, 0, 1, v[0], v[1] ?? 0];
    else if (r[1] === "scale" && (v.length === 1 || v.length === 2)) t = [v[0], 0, 0, v[1] ?? v[0], 0, 0];
    else if (r[1] === "matrix" && v.length === 6) t = v as Matrix;
    if (!t) break;
    m = multiply(m, t);
    at = re.lastIndex;
  }
  if (s.slice(at).trim() !== "") throw new LmdiffError(`unsupported SVG transform "${s}" (expected translate, scale or matrix)`, "bad-svg");
  return m;
}
