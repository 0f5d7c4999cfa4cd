import { labelWidth } from "./labelWidth.js";
import { markedLine, markedText, type Marks } from "./marks.js";
import type { Palette } from "./palette.js";
import { STEP_PANEL } from "./stepPanel.js";

const KEY_SIZE = 10;
const KEY_LINE = 16;
/** Between a key item's line and its label, and between two items. */
const KEY_PAD = 4;
const KEY_GAP = 12;
/** Height of a line of the key when it does not fit beside the first panel's title. */
const KEY_ROW = 14;

/** One entry of the key: a line sample from x to x + KEY_LINE, then its label. */
export interface StepKeyItem {
  model: 1 | 2;
  label: string;
  x: number;
  /** Baseline of the label. */
  y: number;
}

/**
 * Place the key of a step plot's two lines, `labels` being the models'
 * names: right-aligned on the title line of the first panel (`title`) when
 * it fits there with a gap, else on rows of its own above the title (one
 * row when it fits the width, else one item per row).  Widths come from
 * labelWidth (DejaVu Sans advances), and each label is anchored at its
 * start right after its line sample, so a line always sits next to its own
 * label whatever font the viewer has.  `top` is where the first panel's
 * plotting area starts, below the title and the key's rows.
 */
export function stepKeyLayout(labels: readonly [string, string], title: string, width: number): { items: StepKeyItem[]; top: number } {
  const right = width - STEP_PANEL.right;
  const entries = ([1, 2] as const).map((m) => {
    const label = labels[m - 1];
    return { model: m, label, w: KEY_LINE + KEY_PAD + labelWidth(label, KEY_SIZE) };
  });
  const total = entries[0].w + KEY_GAP + entries[1].w;
  const titleRight = STEP_PANEL.left + labelWidth(title, STEP_PANEL.titleSize, true);
  const titleY = STEP_PANEL.title - 6;
  const inRow = (x0: number) => {
    let x = x0;
    return entries.map((e) => {
      const it = { model: e.model, label: e.label, x, y: titleY };
      x += e.w + KEY_GAP;
      return it;
    });
  };
  let rows: number;
  let items: StepKeyItem[];
  if (right - total >= titleRight + KEY_GAP) {
    items = inRow(right - total);
    rows = 0;
  } else if (total <= right) {
    items = inRow(Math.max(0, right - total));
    rows = 1;
  } else {
    items = entries.map((e, j) => ({ model: e.model, label: e.label, x: 0, y: titleY + j * KEY_ROW }));
    rows = 2;
  }
  return { items, top: STEP_PANEL.title + rows * KEY_ROW };
}

/** The key's line samples and labels, in the models' colours and dashes. */
export function stepKey(marks: Marks, items: readonly StepKeyItem[], pal: Palette): string[] {
  const parts: string[] = [];
  for (const k of items) {
    parts.push(
      markedLine(marks, {
        x1: k.x,
        x2: k.x + KEY_LINE,
        y1: k.y - 3.5,
        y2: k.y - 3.5,
        stroke: k.model === 1 ? pal.model1 : pal.model2,
        "stroke-width": 2,
        "stroke-dasharray": (k.model === 1 ? pal.model1Dash : pal.model2Dash) || null,
      }),
    );
    parts.push(markedText(marks, { x: k.x + KEY_LINE + KEY_PAD, y: k.y, "font-size": KEY_SIZE, fill: "currentColor" }, k.label));
  }
  return parts;
}
