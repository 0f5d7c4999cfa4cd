import { scaleLinear } from "d3-scale";
import { GAP_BUCKET_LABELS, type GapReportData, type GapScoring } from "../core/gapReport.js";
import type { ModelLabel } from "../core/InstanceData.js";
import { checkKeys, keyword, maybeBoolean, maybeInt } from "../core/options.js";
import { axisBottom } from "./axis.js";
import { formatValue } from "./formatValue.js";
import { labelWidth } from "./labelWidth.js";
import { emptyMarks, markedLine, markedText, type Marks } from "./marks.js";
import { palette } from "./palette.js";
import { PALETTES, type PaletteName } from "./renderOptions.js";
import { el, svgRoot, type Attrs, type Figure } from "./svg.js";
import { textWidth } from "./textWidth.js";
import { MONO_FONT } from "./tokenStrip.js";
import { wrapLines } from "./wrapLines.js";

/** What the gap figure draws: a report and who its two models are. */
export interface GapFigureInput {
  report: Pick<GapReportData, "nTexts" | "totals" | "buckets" | "literals" | "texts">;
  models: readonly [ModelLabel, ModelLabel];
  /** How each model was scored; a masked model's bits are pseudo-bits (PLL) and labelled so. */
  scoring: readonly [GapScoring, GapScoring];
}

export interface GapFigureOptions {
  /** Figure width in pixels (default 720, from 480). */
  width: number;
  palette: PaletteName;
  grayscale: boolean;
  /** Rows of each top-list table (default 10). */
  rows: number;
}

export type GapFigureOptionsInput = Partial<GapFigureOptions>;

/** Validated figure options with their defaults. */
export function gapFigureOptions(input: GapFigureOptionsInput = {}): GapFigureOptions {
  checkKeys("gap figure", input, ["width", "palette", "grayscale", "rows"]);
  return {
    width: maybeInt("width", input.width, 720, 480, 4000),
    palette: input.palette === undefined ? "rdbu" : keyword("palette", input.palette, PALETTES),
    grayscale: maybeBoolean("grayscale", input.grayscale, false),
    rows: maybeInt("rows", input.rows, 10, 1, 100),
  };
}

const LABEL_W = 104;
const ROW = 34;
const GUTTER = 24;
const LINE = 14;

/** A signed number: "+0.16", "−1.2", "0". */
function signed(v: number): string {
  const s = formatValue(v);
  return v > 0 ? `+${s}` : s;
}

function percent(v: number): string {
  if (!Number.isFinite(v)) return "n/a";
  const p = Math.round(v * 100);
  return `${p === 0 && v !== 0 ? (v > 0 ? "<1" : ">−1") : String(p).replace("-", "−")}%`;
}

/** `s` cut to at most `width` (as `widthOf` measures it), the cut marked with "…". */
function clipTo(s: string, width: number, widthOf: (s: string) => number): string {
  if (widthOf(s) <= width) return s;
  const cps = Array.from(s);
  let lo = 0;
  let hi = cps.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (widthOf(cps.slice(0, mid).join("") + "…") <= width) lo = mid;
    else hi = mid - 1;
  }
  return cps.slice(0, lo).join("") + "…";
}

/** A literal with its whitespace made visible (␣ ↵ ⇥ ␍), as the top-k tables show tokens. */
export function visibleLiteral(s: string): string {
  return s.replace(/ /g, "␣").replace(/\n/g, "↵").replace(/\t/g, "⇥").replace(/\r/g, "␍");
}

/** "tiny-en", or "tiny-mlm-en (pseudo-bits)" for a masked model. */
function modelWord(m: ModelLabel, s: GapScoring): string {
  return s === "masked" ? `${m.name} (pseudo-bits)` : m.name;
}

/**
 * The gap report as a figure: a key; per bucket each model's bits per byte
 * (bars in the models' colours), the gap in bits per byte (a bar from 0 in
 * the colour of the model that needs fewer bits, the project's convention
 * that a colour marks the better model) and the bucket's share of the
 * corpus's gap; then the top literals and the top texts each way as small
 * tables, each row's shade scaled to its gap.  A masked model's bits are a
 * pseudo-log-likelihood (Salazar et al. 2020), not a code length: its name
 * carries "(pseudo-bits)" everywhere and a note says what that means.
 */
export function gapReportFigure(input: GapFigureInput, o: GapFigureOptions): Figure {
  const { report, models, scoring } = input;
  const W = o.width;
  const pal = palette(o.palette, o.grayscale);
  const marks = emptyMarks();
  const parts: string[] = [];
  const label = (a: Attrs, s: string) => markedText(marks, { fill: "currentColor", ...a }, s);
  const m1 = modelWord(models[0], scoring[0]);
  const m2 = modelWord(models[1], scoring[1]);
  const t = report.totals;
  let y = 0;

  // Title and totals.
  for (const line of wrapLines(`Where the bits-per-byte gap lies: ${m1} vs ${m2}`, W, (s) => labelWidth(s, 14, true))) {
    y += 17;
    parts.push(label({ class: "title", x: 0, y, "font-size": 14, "font-weight": 700 }, line));
  }
  const totalsLine =
    `${report.nTexts} texts · ${formatValue(t.bytes)} bytes · model 1 ${formatValue(t.bpb_1)} bpb · model 2 ${formatValue(t.bpb_2)} bpb` +
    ` · gap ${signed(t.gap_bpb)} bpb (${signed(t.gap)} bits)`;
  for (const line of wrapLines(totalsLine, W, (s) => labelWidth(s, 11), " · ")) {
    y += LINE;
    parts.push(label({ class: "totals", x: 0, y, "font-size": 11 }, line));
  }

  // Key: the models' colours, and what a gap bar's colour means.
  y += 20;
  const key = [
    { text: `model 1: ${m1}`, color: pal.model1, dash: pal.model1Dash },
    { text: `model 2: ${m2}`, color: pal.model2, dash: pal.model2Dash },
  ];
  let x = 0;
  for (const k of key) {
    parts.push(swatch(x, y - 9, 10, 10, k.color, k.dash));
    parts.push(label({ class: "key", x: x + 14, y, "font-size": 11 }, k.text));
    x += 14 + labelWidth(k.text, 11) + 16;
  }
  const keyNote = "gap = bpb₂ − bpb₁, coloured by the model that needs fewer bits";
  if (x + labelWidth(keyNote, 11) > W) {
    x = 0;
    y += LINE;
  }
  parts.push(label({ class: "key", x, y, "font-size": 11, "fill-opacity": 0.75 }, keyNote));
  if (scoring.includes("masked")) {
    const note =
      "pseudo-bits: a masked model is scored by pseudo-log-likelihood, PLL (each token masked in turn, the whole text around it), " +
      "not a probability of the text; its bits are not a code length, and a gap against it compares unlike quantities.";
    for (const line of wrapLines(note, W, (s) => labelWidth(s, 10))) {
      y += 13;
      parts.push(label({ class: "pll-note", x: 0, y, "font-size": 10, "font-style": "italic" }, line));
    }
  }

  // The buckets: bits per byte of each model, the gap, the share.
  y += 26;
  const shareW = 70;
  const gapW = Math.round(W * 0.32);
  const bx0 = LABEL_W;
  const bx1 = W - shareW - gapW - GUTTER;
  const gx0 = bx1 + GUTTER;
  const gx1 = gx0 + gapW;
  const gc = (gx0 + gx1) / 2;
  const VALUE_W = 40;
  parts.push(label({ x: bx0, y, "font-size": 11, "font-weight": 600 }, "bits per byte"));
  parts.push(label({ x: gc, y, "font-size": 11, "font-weight": 600, "text-anchor": "middle" }, "gap, bpb₂ − bpb₁"));
  parts.push(label({ x: W, y, "font-size": 11, "font-weight": 600, "text-anchor": "end" }, "share of gap"));
  const top = y + 8;
  const buckets = report.buckets;
  let maxBpb = 0;
  let maxGap = 0;
  for (const b of buckets)
    if (b.bytes > 0) {
      maxBpb = Math.max(maxBpb, finite(b.bpb_1), finite(b.bpb_2));
      maxGap = Math.max(maxGap, Math.abs(finite(b.gap_bpb)));
    }
  const xb = scaleLinear()
    .domain([0, maxBpb > 0 ? maxBpb : 1])
    .range([bx0, bx1 - VALUE_W])
    .nice();
  const half = gapW / 2 - VALUE_W;
  const xg = scaleLinear()
    .domain([-(maxGap || 1), maxGap || 1])
    .range([gc - half, gc + half])
    .nice();
  const rows: string[] = [];
  buckets.forEach((b, i) => {
    const y0 = top + i * ROW;
    const r: string[] = [];
    r.push(label({ x: 0, y: y0 + 13, "font-size": 11, "font-weight": 600 }, GAP_BUCKET_LABELS[b.bucket]));
    r.push(
      label(
        { x: 0, y: y0 + 26, "font-size": 10, "fill-opacity": 0.7 },
        t.bytes > 0 ? `${percent(b.bytes / t.bytes)} of bytes` : "no bytes",
      ),
    );
    if (b.bytes === 0) {
      r.push(label({ x: bx0, y: y0 + 20, "font-size": 10, "fill-opacity": 0.7, "font-style": "italic" }, "no bytes in this bucket"));
    } else {
      const bar = (v: number, yy: number, color: string, dash: string, m: 1 | 2) => {
        const w = Math.max(0, xb(finite(v)) - bx0);
        r.push(swatch(bx0, yy, w, 11, color, dash, `bar m${m}`));
        r.push(label({ x: bx0 + w + 4, y: yy + 9, "font-size": 10 }, formatValue(v)));
      };
      bar(b.bpb_1, y0 + 4, pal.model1, pal.model1Dash, 1);
      bar(b.bpb_2, y0 + 17, pal.model2, pal.model2Dash, 2);
      const g = finite(b.gap_bpb);
      const gx = xg(g);
      const better = g > 0 ? 1 : 2;
      if (g !== 0)
        r.push(
          swatch(
            Math.min(gc, gx),
            y0 + 9,
            Math.abs(gx - gc),
            14,
            better === 1 ? pal.model1 : pal.model2,
            better === 1 ? pal.model1Dash : pal.model2Dash,
            "gap",
          ),
        );
      r.push(label({ x: g < 0 ? gx - 4 : gx + 4, y: y0 + 20, "font-size": 10, "text-anchor": g < 0 ? "end" : "start" }, signed(b.gap_bpb)));
      r.push(label({ x: W, y: y0 + 20, "font-size": 10, "text-anchor": "end" }, percent(b.share)));
    }
    rows.push(el("g", { class: "bucket", "data-bucket": b.bucket }, r));
  });
  parts.push(...rows);
  const bottom = top + buckets.length * ROW;
  parts.push(markedLine(marks, { x1: gc, x2: gc, y1: top, y2: bottom, stroke: "currentColor", "stroke-opacity": 0.5 }));
  parts.push(
    axisBottom(
      marks,
      xb.ticks(Math.max(2, Math.floor((bx1 - VALUE_W - bx0) / 60))).map((v) => ({ x: xb(v), label: formatValue(v) })),
      bottom,
      bx0,
      bx1 - VALUE_W,
    ),
  );
  parts.push(
    axisBottom(
      marks,
      xg.ticks(Math.max(2, Math.floor((2 * half) / 50))).map((v) => ({ x: xg(v), label: signed(v) })),
      bottom,
      gc - half,
      gc + half,
    ),
  );
  // Which side of the gap axis means what, each end in its model's words.
  const sideW = gapW / 2 - 6;
  const fits = (candidates: string[]) => candidates.find((c) => labelWidth(c, 10) <= sideW) ?? candidates[candidates.length - 1];
  const left = fits([`← ${models[1].name} fewer bits`, `← ${models[1].name}`, "← model 2", "←"]);
  const right = fits([`${models[0].name} fewer bits →`, `${models[0].name} →`, "model 1 →", "→"]);
  parts.push(label({ x: gx0, y: bottom + 28, "font-size": 10, "fill-opacity": 0.75 }, left));
  parts.push(label({ x: gx1, y: bottom + 28, "font-size": 10, "fill-opacity": 0.75, "text-anchor": "end" }, right));
  y = bottom + 28;

  // The top lists: literals, then texts, each way; side by side where two fit, else one above the other.
  const sideBySide = (W - GUTTER) / 2 >= 340;
  const colW = sideBySide ? (W - GUTTER) / 2 : W;
  const pair = (cls: string, a: TableSpec, b: TableSpec) => {
    // Both titles take as many lines as the longer, so that the two headers line up.
    const lines = Math.max(titleLines(a.title, colW), titleLines(b.title, colW));
    const ta = table(marks, 0, y, colW, a, lines);
    const tb = table(marks, sideBySide ? colW + GUTTER : 0, sideBySide ? y : y + ta.height + 18, colW, b, lines);
    parts.push(el("g", { class: `${cls} m1-worse` }, ta.body), el("g", { class: `${cls} m2-worse` }, tb.body));
    y += sideBySide ? Math.max(ta.height, tb.height) : ta.height + 18 + tb.height;
  };
  const lit = report.literals;
  const maxLit = Math.max(1e-12, ...[...lit.model1Worse.slice(0, o.rows), ...lit.model2Worse.slice(0, o.rows)].map((l) => Math.abs(l.gap)));
  const literalSpec = (list: typeof lit.model1Worse, who: 1 | 2): TableSpec => ({
    title: `Literals where model ${who} (${models[who - 1].name}) needs more bits`,
    columns: [
      { title: "literal", width: 0, align: "start", mono: true },
      { title: "count", width: 44, align: "end" },
      { title: "gap, bits", width: 60, align: "end" },
      { title: "bpb 1 → 2", width: 84, align: "end" },
    ],
    rows: list.slice(0, o.rows).map((l) => ({
      cells: [visibleLiteral(l.literal), formatValue(l.occurrences), signed(l.gap), `${formatValue(l.bpb_1)} → ${formatValue(l.bpb_2)}`],
      frac: Math.abs(l.gap) / maxLit,
    })),
    color: who === 1 ? pal.model2 : pal.model1,
  });
  y += 30;
  pair("literals", literalSpec(lit.model1Worse, 1), literalSpec(lit.model2Worse, 2));
  y += 22;

  const tx = report.texts;
  const maxText = Math.max(
    1e-12,
    ...[...tx.model1Worse.slice(0, o.rows), ...tx.model2Worse.slice(0, o.rows)].map((s) => Math.abs(s.gap_bpb)),
  );
  const textSpec = (list: typeof tx.model1Worse, who: 1 | 2): TableSpec => ({
    title: `Texts where model ${who} (${models[who - 1].name}) needs more bits per byte`,
    columns: [
      { title: "", width: 40, align: "end" },
      { title: "text (start)", width: 0, align: "start" },
      { title: "bpb 1 → 2", width: 84, align: "end" },
      { title: "gap", width: 48, align: "end" },
    ],
    rows: list.slice(0, o.rows).map((s) => ({
      cells: [`#${s.index}`, s.excerpt, `${formatValue(s.bpb_1)} → ${formatValue(s.bpb_2)}`, signed(s.gap_bpb)],
      frac: Math.abs(s.gap_bpb) / maxText,
    })),
    color: who === 1 ? pal.model2 : pal.model1,
  });
  pair("texts", textSpec(tx.model1Worse, 1), textSpec(tx.model2Worse, 2));
  y += 8;

  // What the numbers are.
  const notes = [
    "Each token's −log₂ p is spread over its UTF-8 bytes, so bits per byte compare models with different tokenizers. " +
      "Share: a bucket's gap over the corpus's gap, signed (the shares sum to 100%; a bucket that goes against the total is negative).",
  ];
  if (lit.pruned > 0)
    notes.push(
      `The literal lists are approximate: the corpus has more distinct literals than kept (${formatValue(lit.kept)}); ` +
        `${formatValue(lit.pruned)} entries with small gaps were pruned.`,
    );
  for (const n of notes)
    for (const line of wrapLines(n, W, (s) => labelWidth(s, 10))) {
      y += 13;
      parts.push(label({ class: "note", x: 0, y, "font-size": 10, "fill-opacity": 0.75 }, line));
    }
  return { width: W, height: y + 6, body: el("g", { class: "lmdiff-gap-report" }, parts), marks };
}

/** Standalone SVG of the gap report figure. */
export function gapReportSVG(input: GapFigureInput, options: GapFigureOptionsInput = {}): string {
  return svgRoot(gapReportFigure(input, gapFigureOptions(options)));
}

function finite(v: number): number {
  return Number.isFinite(v) ? v : 0;
}

/** A filled rectangle; dashed outline for the grayscale palette's model-2 side. */
function swatch(x: number, y: number, w: number, h: number, fill: string, dash: string, cls: string | null = null): string {
  return el("rect", {
    class: cls,
    x,
    y,
    width: w,
    height: h,
    fill,
    stroke: dash ? "currentColor" : null,
    "stroke-dasharray": dash || null,
  });
}

interface Column {
  title: string;
  /** 0: takes the width the others leave. */
  width: number;
  align: "start" | "end";
  mono?: boolean;
}

const TABLE_ROW = 16;

/** A small table's content: its title, columns, rows (cells, and the share of the width its shade covers) and shade colour. */
interface TableSpec {
  title: string;
  columns: Column[];
  rows: { cells: string[]; frac: number }[];
  color: string;
}

function titleLines(title: string, width: number): number {
  return wrapLines(title, width, (s) => labelWidth(s, 11, true)).length;
}

/**
 * A small table at (x0, y0), the title's first baseline: a bold title
 * wrapped to the width (and given `lines` lines), a header, and rows whose
 * cells are clipped to their column; behind each row a faint bar of `frac`
 * of the width, so the sizes of the gaps read at a glance.
 */
function table(marks: Marks, x0: number, y0: number, width: number, spec: TableSpec, lines: number): { body: string; height: number } {
  const { columns, rows, color } = spec;
  const parts: string[] = [];
  wrapLines(spec.title, width, (s) => labelWidth(s, 11, true)).forEach((line, j) => {
    parts.push(markedText(marks, { x: x0, y: y0 + j * LINE, "font-size": 11, "font-weight": 600, fill: "currentColor" }, line));
  });
  let y = y0 + (lines - 1) * LINE;
  const fixed = columns.reduce((s, c) => s + c.width, 0);
  const flex = Math.max(40, width - fixed - 8 * (columns.length - 1));
  const xs: [number, number][] = [];
  let cx = x0;
  for (const c of columns) {
    const w = c.width || flex;
    xs.push([cx, cx + w]);
    cx += w + 8;
  }
  y += 15;
  columns.forEach((c, j) => {
    if (c.title)
      parts.push(
        markedText(
          marks,
          {
            x: c.align === "end" ? xs[j][1] : xs[j][0],
            y,
            "font-size": 10,
            "text-anchor": c.align === "end" ? "end" : null,
            fill: "currentColor",
            "fill-opacity": 0.7,
          },
          c.title,
        ),
      );
  });
  if (rows.length === 0) {
    y += TABLE_ROW;
    parts.push(markedText(marks, { x: x0, y, "font-size": 11, "font-style": "italic", fill: "currentColor", "fill-opacity": 0.7 }, "none"));
  }
  for (const r of rows) {
    const ry = y + 4;
    y += TABLE_ROW;
    const row: string[] = [
      el("rect", {
        x: x0,
        y: ry,
        width: Math.max(0.5, width * Math.min(1, r.frac)),
        height: TABLE_ROW - 2,
        fill: color,
        "fill-opacity": 0.22,
      }),
    ];
    columns.forEach((c, j) => {
      const [a, b] = xs[j];
      const widthOf = c.mono ? (s: string) => textWidth(s, 11) : (s: string) => labelWidth(s, 11);
      row.push(
        markedText(
          marks,
          {
            x: c.align === "end" ? b : a,
            y: y + 1,
            "font-size": 11,
            "font-family": c.mono ? MONO_FONT : null,
            "text-anchor": c.align === "end" ? "end" : null,
            fill: "currentColor",
            "xml:space": c.mono ? "preserve" : null,
          },
          clipTo(r.cells[j], b - a, widthOf),
        ),
      );
    });
    parts.push(el("g", { class: "row" }, row));
  }
  return { body: parts.join(""), height: y - y0 + 4 };
}
