import { LmdiffError } from "../core/LmdiffError.js";

/**
 * A small XML reader for the SVG that lmdiff's render core writes
 * (render/svg.ts): elements, double-quoted attributes, character data and
 * the five XML entities plus numeric references.  It is not a general XML
 * parser — no DTDs, CDATA or namespaces beyond the attribute names as
 * written — and says so with an error rather than guessing, which is what
 * the PDF translator (drawSvg) needs.  It serves drawing only: figure
 * layout (sizes, fitting, legend, stacking) comes from the render core's
 * Figures and their marks, never from reading SVG back.
 */
export interface SvgNode {
  name: string;
  attrs: Record<string, string>;
  /** Child elements and character data, in document order. */
  children: (SvgNode | string)[];
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

export function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === "#") {
      const cp = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return String.fromCodePoint(cp);
    }
    const v = ENTITIES[e];
    if (v === undefined) throw new LmdiffError(`unsupported XML entity ${m} in SVG`, "bad-svg");
    return v;
  });
}

const TAG = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
const ATTR = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Parse an SVG document into its root element. */
export function parseSvg(svg: string): SvgNode {
  const root: SvgNode = { name: "#document", attrs: {}, children: [] };
  const stack: SvgNode[] = [root];
  let i = 0;
  while (i < svg.length) {
    const lt = svg.indexOf("<", i);
    const textEnd = lt < 0 ? svg.length : lt;
    if (textEnd > i) {
      const t = unescapeXml(svg.slice(i, textEnd));
      if (stack.length > 1) stack[stack.length - 1].children.push(t);
    }
    if (lt < 0) break;
    if (svg.startsWith("<!--", lt)) {
      const end = svg.indexOf("-->", lt);
      if (end < 0) throw new LmdiffError("unterminated comment in SVG", "bad-svg");
      i = end + 3;
      continue;
    }
    if (svg.startsWith("<?", lt)) {
      const end = svg.indexOf("?>", lt);
      i = end < 0 ? svg.length : end + 2;
      continue;
    }
    TAG.lastIndex = lt;
    const m = TAG.exec(svg);
    if (!m) throw new LmdiffError(`cannot read the SVG near "${svg.slice(lt, lt + 40)}"`, "bad-svg");
    i = TAG.lastIndex;
    const [, closing, name, rawAttrs, selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== name) throw new LmdiffError(`mismatched </${name}> in SVG`, "bad-svg");
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of rawAttrs.matchAll(ATTR)) attrs[a[1]] = unescapeXml(a[2] ?? a[3]);
    const node: SvgNode = { name, attrs, children: [] };
    stack[stack.length - 1].children.push(node);
    if (!selfClosing) stack.push(node);
  }
  if (stack.length !== 1) throw new LmdiffError(`unclosed <${stack[stack.length - 1].name}> in SVG`, "bad-svg");
  const el = root.children.find((c): c is SvgNode => typeof c !== "string");
  if (!el || el.name !== "svg") throw new LmdiffError("not an SVG document (no <svg> root element)", "bad-svg");
  return el;
}

/** The character data of a node and its descendants, concatenated. */
export function nodeText(n: SvgNode): string {
  return n.children.map((c) => (typeof c === "string" ? c : nodeText(c))).join("");
}
