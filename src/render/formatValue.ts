import { format } from "d3-format";

const g3 = format(".3~g");
const int = format(",.0f");
const pct = format(".1%");

/** A measure value for labels: 3 significant digits (whole numbers from 1000), "−" minus sign, "n/a" for NaN. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return "n/a";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  // Large values (rank differences) read better whole than in exponent form.
  return Math.abs(v) >= 1000 ? int(v) : g3(v);
}

/** A probability as a percentage with one decimal ("<0.1%" for tiny non-zero values). */
export function formatProb(p: number): string {
  if (Number.isNaN(p)) return "n/a";
  if (p > 0 && p < 0.0005) return "<0.1%";
  return pct(p);
}
