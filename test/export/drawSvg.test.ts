import assert from "node:assert/strict";
import { test } from "node:test";
import { drawSvgNode, fontRuns, svgPaint, type DrawContext } from "../../src/export/drawSvg.js";
import { parseSvg } from "../../src/export/parseSvg.js";

/** A fake pdfkit document that records the calls the translator makes. */
function recorder() {
  const calls: string[] = [];
  const doc = new Proxy(
    {},
    {
      get(_, name: string) {
        if (name === "widthOfString") return (s: string) => s.length * 5;
        return (...args: unknown[]) => {
          calls.push(`${name}(${args.map((a) => JSON.stringify(a)).join(",")})`);
          return doc;
        };
      },
    },
  );
  const ctx: DrawContext = {
    doc: doc as never,
    useFace: (f) => void calls.push(`face(${f})`),
    hasGlyph: (f, cp) => !(f === "DejaVuSansMono" && cp > 0xffff),
  };
  return { ctx, calls };
}

const draw = (body: string) => {
  const r = recorder();
  drawSvgNode(r.ctx, parseSvg(`<svg color="#000000">${body}</svg>`));
  return r.calls;
};

test("drawSvgNode draws a rect with rounded corners, fill, stroke opacity and dash", () => {
  const c = draw(
    `<rect x="1" y="2" width="10" height="5" rx="2" fill="rgb(10, 20, 30)" stroke="currentColor" stroke-opacity="0.5" stroke-dasharray="3 2"/>`,
  );
  assert.deepEqual(c, [
    "roundedRect(1,2,10,5,2)",
    "fillColor([10,20,30],1)",
    "strokeColor([0,0,0],0.5)",
    "lineWidth(1)",
    'dash(3,{"space":2})',
    "fillAndStroke()",
  ]);
});

test("drawSvgNode strokes lines, fills paths and circles, and honours fill none", () => {
  assert.deepEqual(draw(`<line x1="0" y1="1" x2="5" y2="1" stroke="#fff"/>`), [
    "moveTo(0,1)",
    "lineTo(5,1)",
    "strokeColor([255,255,255],1)",
    "lineWidth(1)",
    "undash()",
    "stroke()",
  ]);
  assert.deepEqual(draw(`<path d="M0,0L1,1" fill="none" stroke="#000" stroke-width="1.5"/>`).slice(0, 1), ['path("M0,0L1,1")']);
  assert.ok(draw(`<path d="M0,0L1,1" fill="none" stroke="#000" stroke-width="1.5"/>`).includes("stroke()"));
  assert.deepEqual(draw(`<circle cx="1" cy="2" r="3" fill="#f00"/>`), ["circle(1,2,3)", "fillColor([255,0,0],1)", "fill()"]);
  assert.deepEqual(draw(`<polyline points="0,0 1,1 2,0" fill="none" stroke="#000"/>`).slice(0, 3), [
    "moveTo(0,0)",
    "lineTo(1,1)",
    "lineTo(2,0)",
  ]);
});

test("drawSvgNode wraps transformed groups in save and restore", () => {
  const c = draw(`<g transform="translate(3,4)"><rect width="1" height="1"/></g>`);
  assert.equal(c[0], "save()");
  assert.equal(c[1], "transform(1,0,0,1,3,4)");
  assert.equal(c[c.length - 1], "restore()");
});

test("drawSvgNode writes text at its baseline in the DejaVu face of its family, anchored", () => {
  const c = draw(
    `<g font-family="ui-monospace, monospace" font-size="10" xml:space="preserve"><text x="100" y="20" text-anchor="end" font-weight="700">  ab</text></g>`,
  );
  assert.ok(c.includes("face(DejaVuSansMono-Bold)"));
  assert.ok(c.includes(`text("  ab",80,20,{"lineBreak":false,"baseline":"alphabetic"})`), c.join("\n"));
});

test("drawSvgNode collapses whitespace outside xml:space preserve", () => {
  const c = draw(`<text x="0" y="0" font-size="10">  a   b </text>`);
  assert.ok(
    c.some((x) => x.startsWith('text("a b",0,0')),
    c.join("\n"),
  );
});

test("fontRuns takes a character the face lacks from the next DejaVu face", () => {
  const has = (f: string, cp: number) => !(f === "DejaVuSansMono" && cp > 0xffff);
  assert.deepEqual(fontRuns("a😀b", "DejaVuSansMono", has), [
    ["DejaVuSansMono", "a"],
    ["DejaVuSans", "😀"],
    ["DejaVuSansMono", "b"],
  ]);
});

test("svgPaint reads the colours the render core writes and refuses others", () => {
  assert.deepEqual(svgPaint("#abc", "#000"), [170, 187, 204, 1]);
  assert.deepEqual(svgPaint("currentColor", "#102030"), [16, 32, 48, 1]);
  assert.equal(svgPaint("none", "#000"), null);
  assert.throws(() => svgPaint("hsl(0,0%,0%)", "#000"), /unsupported SVG colour "hsl/);
  assert.throws(() => draw(`<foreignObject/>`), /unsupported SVG element <foreignObject>/);
});
