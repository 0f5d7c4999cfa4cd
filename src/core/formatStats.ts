import type { Estimate, Interval, PairStatsReport, Percentile } from "./pairStatistics.js";

/**
 * The statistics report as plain text for a terminal: a header that says
 * what was compared and how the intervals were made, one line per
 * estimate (value ± bootstrap SE, bootstrap interval, token-level SE for
 * comparison with llama.cpp), a percentile block for KL and Δp, McNemar's
 * test and the count of texts on which each model is significantly better.
 * Probabilities (Δp, same top-1) are shown in percent.
 */

const LABEL = 19;
const VALUE = 27;
const INTERVAL = 28;

/** 12345 → "12,345" (no locale data needed). */
function thousands(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * Decimals that show an uncertainty u to one significant digit, or two when
 * it starts with 1 or 2 (the Particle Data Group's rounding rule, roughly);
 * null when u is not a positive finite number.
 */
function decimalsFor(u: number): number | null {
  if (!(u > 0 && Number.isFinite(u))) return null;
  const e = Math.floor(Math.log10(u));
  const lead = u / 10 ** e;
  return Math.min(10, Math.max(0, -e + (lead < 2.95 ? 1 : 0)));
}

/** v with `decimals` decimals, or four significant digits when decimals is null. */
function fixed(v: number, decimals: number | null): string {
  if (Number.isNaN(v)) return "n/a";
  if (!Number.isFinite(v)) return v > 0 ? "∞" : "−∞";
  return decimals === null ? String(Number(v.toPrecision(4))) : v.toFixed(decimals);
}

/** Three significant digits for percentile tables, in exponent form below 0.001 so that columns stay narrow. */
function sig(v: number): string {
  if (Number.isNaN(v)) return "n/a";
  return v !== 0 && Math.abs(v) < 1e-3 ? v.toExponential(2) : String(Number(v.toPrecision(3)));
}

function formatP(p: number): string {
  if (Number.isNaN(p)) return "n/a";
  // A p-value that underflows double precision is not 0: say how small it is.
  if (p < 1e-300) return "< 1e-300";
  return p >= 0.001 ? String(Number(p.toPrecision(2))) : p.toExponential(1);
}

function percentLabel(x: number): string {
  return `${Number((x * 100).toPrecision(6))}%`;
}

function line(label: string, value: string, interval = "", tokenSe = ""): string {
  return `${label.padEnd(LABEL)}${value.padEnd(VALUE)}${interval.padEnd(INTERVAL)}${tokenSe}`.trimEnd();
}

/** An estimate's line; `scale` turns fractions into percent, `unit` follows the numbers. */
function estimateLine(label: string, e: Estimate, unit = "", scale = 1): string {
  const d = decimalsFor(e.se * scale);
  const u = unit ? ` ${unit}` : "";
  return line(
    label,
    `${fixed(e.estimate * scale, d)} ± ${fixed(e.se * scale, d)}${u}`,
    `[${fixed(e.low * scale, d)}, ${fixed(e.high * scale, d)}]${u}`,
    fixed(e.tokenSe * scale, decimalsFor(e.tokenSe * scale)),
  );
}

/** An interval without an SE: decimals from its width, which is about four SEs at 95%. */
function intervalLine(label: string, e: Interval): string {
  const d = decimalsFor((e.high - e.low) / 4);
  return line(label, fixed(e.estimate, d), `[${fixed(e.low, d)}, ${fixed(e.high, d)}]`);
}

function percentileName(p: number): string {
  return p === 1 ? "max" : p === 0 ? "min" : p === 0.5 ? "median" : percentLabel(p);
}

/** Rows of cells with right-aligned columns after a left-aligned first one. */
function grid(rows: string[][]): string[] {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  return rows.map((r) => r.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j] + 2))).join(""));
}

function percentileBlock(report: PairStatsReport): string[] {
  const row = (label: string, ps: readonly Percentile[], scale: number) => [label, ...ps.map((x) => sig(x.value * scale))];
  const header = ["percentiles", ...report.deltaP.percentiles.map((x) => percentileName(x.p))];
  const rows = [header];
  if (report.kl) rows.push(row("KL(1‖2) nats", report.kl.percentiles, 1));
  rows.push(row("Δp %", report.deltaP.percentiles, 100));
  return grid(rows);
}

function mcnemarLine(report: PairStatsReport): string {
  const m = report.mcnemar;
  const pText = (p: number) => (formatP(p).startsWith("<") ? `p ${formatP(p)}` : `p = ${formatP(p)}`);
  const test = m.exact ? `exact binomial ${pText(m.p)}` : `χ² = ${m.statistic.toFixed(2)}, ${pText(m.p)}`;
  return (
    `McNemar, top-1 correct: model 1 only ${thousands(m.b)}, model 2 only ${thousands(m.c)} tokens; ${test} ` +
    `(tokens within a text are not independent, so this p is optimistic)`
  );
}

/** The report as a plain-text table, lines joined with "\n" and a final newline. */
export function formatStats(report: PairStatsReport): string {
  const [m1, m2] = report.models;
  const conf = percentLabel(report.confidence);
  const lines = [
    `lmdiff stats: ${m1} (1) vs ${m2} (2) · ${thousands(report.texts)} texts · ${thousands(report.tokens)} tokens · ` +
      `bootstrap over texts, ${thousands(report.resamples)} resamples, seed ${report.seed}, ${conf} intervals`,
    "",
    line("", "estimate ± SE", `${conf} interval`, "token SE"),
    report.kl
      ? estimateLine("Mean KL(1‖2)", report.kl, "nats")
      : line("Mean KL(1‖2)", "not available: KL needs a joint run (`lmdiff preprocess all` writes a pair cache)"),
    estimateLine("Mean Δp", report.deltaP, "%", 100),
    estimateLine("RMS Δp", report.deltaP.rms, "%", 100),
    estimateLine("Same top-1", report.sameTop1, "%", 100),
    estimateLine("ln(PPL₂/PPL₁)", report.lnPplRatio),
    intervalLine("PPL₂/PPL₁", report.pplRatio),
    intervalLine("PPL(1)", report.perplexity[0]),
    intervalLine("PPL(2)", report.perplexity[1]),
    "",
    ...percentileBlock(report),
    "",
    mcnemarLine(report),
    `texts significantly better (BH q < ${report.alpha}): model 1: ${thousands(report.betterTexts.model1)}, ` +
      `model 2: ${thousands(report.betterTexts.model2)}, neither: ${thousands(report.betterTexts.neither)}`,
  ];
  return lines.join("\n") + "\n";
}
