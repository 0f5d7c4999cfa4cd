/**
 * The standard normal distribution, to full double precision in both tails.
 *
 * Φ is W. J. Cody's rational Chebyshev approximation ("Rational Chebyshev
 * approximations for the error function", Math. Comp. 23 (1969) 631–637;
 * the code of ALGORITHM 715, SPECFUN, ACM TOMS 19 (1993) 22–32), in the
 * form R's pnorm_both() evaluates it (src/nmath/pnorm.c), with R's
 * coefficients.  Its relative error is below 1e-15 on each of three ranges:
 * |x| ≤ qnorm(3/4), |x| ≤ √32, and |x| < 37.5193 (beyond which Φ(−|x|)
 * underflows).  The tail is computed directly as Φ(−|x|) = e^{−x²/2}·R(|x|),
 * never as 1 − Φ(|x|), which loses every digit past |x| ≈ 8.
 *
 * The coefficients are R's 20-digit ones, each written as the shortest
 * decimal that rounds to the same double, so they are exactly the numbers
 * R computes with.
 */

const A = [2.2352520354606837, 161.02823106855587, 1067.6894854603709, 18154.98125334356, 0.06568233791820745];
const B = [47.202581904688245, 976.0985517377767, 10260.932208618979, 45507.78933502673];
const C = [
  0.39894151208813466, 8.883149794388377, 93.50665613217785, 597.2702763948002, 2494.5375852903726, 6848.190450536283, 11602.65143764735,
  9842.714838383978, 1.0765576773720192e-8,
];
const D = [
  22.266688044328117, 235.387901782625, 1519.3775994075547, 6485.558298266761, 18615.571640885097, 34900.95272114598, 38912.00328609327,
  19685.429676859992,
];
const P = [
  0.215898534057957, 0.12740116116024736, 0.022235277870649807, 0.0014216191932278934, 2.9112874951168793e-5, 0.023073441764940174,
];
const Q = [1.284260096144911, 0.4682382124808651, 0.06598813786892856, 0.0037823963320275824, 7.297515550839662e-5];

/** qnorm(3/4): the end of Cody's central range. */
const CENTRAL = 0.67448975;
const SQRT_32 = 5.656854249492381;
const INV_SQRT_2PI = 0.3989422804014327;
/** Φ(−37.5193) is below the smallest normal double; R returns 0 from there. */
const UNDERFLOW = 37.5193;

/** Φ(x) − 1/2 for |x| ≤ CENTRAL, where it has no cancellation. */
function central(x: number): number {
  const xsq = x * x;
  let num = A[4] * xsq;
  let den = xsq;
  for (let i = 0; i < 3; i++) {
    num = (num + A[i]) * xsq;
    den = (den + B[i]) * xsq;
  }
  return (x * (num + A[3])) / (den + B[3]);
}

/**
 * Φ(−y) for y > CENTRAL.  e^{−y²/2} is evaluated as e^{−s²/2}·e^{−(y−s)(y+s)/2}
 * with s = y rounded down to a multiple of 1/16, which is exact in binary,
 * so that the large exponent carries no rounding error (Cody's device).
 */
function tail(y: number): number {
  if (y >= UNDERFLOW) return 0;
  let r: number;
  if (y <= SQRT_32) {
    let num = C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + C[i]) * y;
      den = (den + D[i]) * y;
    }
    r = (num + C[7]) / (den + D[7]);
  } else {
    const xsq = 1 / (y * y);
    let num = P[5] * xsq;
    let den = xsq;
    for (let i = 0; i < 4; i++) {
      num = (num + P[i]) * xsq;
      den = (den + Q[i]) * xsq;
    }
    r = (INV_SQRT_2PI - (xsq * (num + P[4])) / (den + Q[4])) / y;
  }
  const s = Math.trunc(y * 16) / 16;
  const del = (y - s) * (y + s);
  return Math.exp(-s * s * 0.5) * Math.exp(-del * 0.5) * r;
}

/** Φ(−|x|), the smaller tail, with full relative accuracy. */
function smallerTail(x: number): number {
  const y = Math.abs(x);
  return y <= CENTRAL ? 0.5 - central(y) : tail(y);
}

/** The standard normal distribution function Φ(x) = P(Z ≤ x); NaN for NaN. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (Math.abs(x) <= CENTRAL) return 0.5 + central(x);
  return x < 0 ? tail(-x) : 1 - tail(x);
}

/**
 * The two-sided p-value of a z statistic, 2·(1 − Φ(|z|)), computed as
 * 2·Φ(−|z|) so that p-values like 1e-20 keep their digits.  ±∞ gives 0;
 * NaN gives NaN.
 */
export function twoSidedP(z: number): number {
  if (Number.isNaN(z)) return NaN;
  return Math.min(1, 2 * smallerTail(z));
}

/**
 * The survival function of χ² with one degree of freedom, P(χ²₁ > x).  A χ²₁
 * variable is the square of a standard normal one, so P(χ²₁ > x) =
 * P(|Z| > √x) = twoSidedP(√x).  1 for x ≤ 0; NaN for NaN.
 */
export function chiSquare1Sf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  return x <= 0 ? 1 : twoSidedP(Math.sqrt(x));
}

/**
 * The standard normal quantile Φ⁻¹(p): −∞ at 0, +∞ at 1, NaN outside [0, 1].
 * A starting value from Abramowitz & Stegun 26.2.23 (error < 4.5e-4) is
 * refined by Newton's method on Φ(−y) = min(p, 1 − p), whose derivative is
 * −φ(y); with Φ accurate to 1e-15 the error shrinks quadratically, to the
 * last bit within four steps.  Used for the z of a confidence level
 * (normalQuantile(0.975) = 1.959963984540054).
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  const q = Math.min(p, 1 - p);
  const t = Math.sqrt(-2 * Math.log(q));
  let y = t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
  for (let i = 0; i < 8; i++) {
    const density = INV_SQRT_2PI * Math.exp(-0.5 * y * y);
    if (density === 0) break;
    const step = (smallerTail(y) - q) / density;
    // Φ(−|y|) is symmetric in y; keep the iterate on the positive side.
    y = Math.abs(y + step);
    if (Math.abs(step) <= 1e-16 * Math.max(1, y)) break;
  }
  return p < 0.5 ? -y : y;
}
