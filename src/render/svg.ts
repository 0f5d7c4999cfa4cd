import type { Marks } from "./marks.js";

/**
 * The one place SVG text is assembled.  Every number goes through `num`
 * (rounded to 2 decimals, no "-0"), every string through `escapeXml`, and
 * attributes keep the order they are given in, so the same input always
 * gives byte-identical output — which is what the snapshot tests compare.
 */

/** Escape text for XML content and attribute values. */
export function escapeXml(s: string): string {
  return xmlChars(s).replace(/[&<>"']/g, (c) =>
    c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;",
  );
}

/**
 * `s` with the characters XML 1.0 forbids replaced, as a reader of the SVG
 * gets it back.  XML 1.0 forbids most control characters (real texts have
 * them: a fortune with BEL bytes), and one of them makes the whole SVG fail
 * to load.  C0 controls and DEL show as their Unicode control pictures
 * (U+2400…, U+2421) and anything else invalid as U+FFFD.
 */
export function xmlChars(s: string): string {
  return s.replace(INVALID_XML, (c) => {
    const code = c.charCodeAt(0);
    if (code === 0x7f) return "\u2421";
    return code < 0x20 ? String.fromCharCode(0x2400 + code) : "\ufffd";
  });
}

// Characters XML 1.0 does not allow: C0 controls but tab, newline and CR, and
// DEL (the control characters, \p{Cc}, outside C1); U+FFFE/U+FFFF; and
// unpaired surrogates.
const INVALID_XML =
  /(?![\t\n\r\u0080-\u009F])\p{Cc}|[\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/gu;

/** A number rounded to 2 decimals, as short text ("-0" becomes "0"). */
export function num(x: number): string {
  if (!Number.isFinite(x)) return "0";
  const r = Math.round(x * 100) / 100;
  return Object.is(r, -0) ? "0" : String(r);
}

export type AttrValue = string | number | boolean | null | undefined;
export type Attrs = Record<string, AttrValue>;

/** ` name="value"` pairs; null, undefined and false are left out, true writes the bare name's value "true". */
export function attrs(a: Attrs): string {
  let s = "";
  for (const k in a) {
    const v = a[k];
    if (v === null || v === undefined || v === false) continue;
    s += ` ${k}="${typeof v === "number" ? num(v) : escapeXml(String(v))}"`;
  }
  return s;
}

/** One element; `children` is already-built SVG text (use `text()` for character data). */
export function el(name: string, a: Attrs = {}, children: string | string[] = ""): string {
  const body = Array.isArray(children) ? children.join("") : children;
  return body === "" ? `<${name}${attrs(a)}/>` : `<${name}${attrs(a)}>${body}</${name}>`;
}

/** A <text> element whose content is escaped. */
export function text(a: Attrs, content: string): string {
  return `<text${attrs(a)}>${escapeXml(content)}</text>`;
}

/**
 * A positioned piece of a figure: its SVG body (no root element), its size,
 * and its layout: the labels and lines it drew (marks), in its own units.
 * Renderers return Figures so that a composite can stack them
 * (stackFigures) and figure export can fit them to a paper's width from
 * the marks, without reading the SVG back.  Every chart of the render core
 * fills `marks`; a figure made elsewhere (a notebook picture's title) may
 * leave them out.
 */
export interface Figure {
  width: number;
  height: number;
  body: string;
  marks?: Marks;
}

/** Wrap a Figure into a standalone <svg> document fragment. */
export function svgRoot(f: Figure, a: Attrs = {}): string {
  return el(
    "svg",
    {
      xmlns: "http://www.w3.org/2000/svg",
      width: f.width,
      height: f.height,
      viewBox: `0 0 ${num(f.width)} ${num(f.height)}`,
      "font-family": "system-ui, -apple-system, 'Segoe UI', sans-serif",
      ...a,
    },
    f.body,
  );
}

/** Place a Figure at (x, y) inside another. */
export function translate(f: Figure, x: number, y: number): string {
  return el("g", { transform: `translate(${num(x)},${num(y)})` }, f.body);
}
