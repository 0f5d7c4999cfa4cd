import assert from "node:assert/strict";
import { test } from "node:test";
import { figureFrame, FRAME_PAD } from "../../src/export/figureFrame.js";
import { figureOptions } from "../../src/export/figureOptions.js";
import { parseSvg } from "../../src/export/parseSvg.js";
import { labelWidth } from "../../src/render/labelWidth.js";
import { emptyMarks, markedText } from "../../src/render/marks.js";

test("figureFrame adds a white page, title and caption, and sizes the root in points", () => {
  const o = figureOptions({ width: 300, title: "T", caption: "C" });
  const f = figureFrame({ width: 292, height: 100, body: "<g/>" }, o);
  const root = parseSvg(f.svg);
  assert.equal(root.attrs.width, "300pt");
  assert.equal(root.attrs.viewBox, `0 0 300 ${f.height}`);
  assert.equal(f.width, 300);
  assert.match(f.svg, /<rect class="background" x="0" y="0" width="300" height="\d+" fill="#ffffff"\/>/);
  assert.match(f.svg, /class="lmdiff-title".*>T<\/text>/);
  assert.match(f.svg, /class="lmdiff-caption".*>C<\/text>/);
  assert.equal(root.attrs["font-family"], "'DejaVu Sans', sans-serif");
});

test("figureFrame wraps title and caption to the inner width in the figure's label font", () => {
  const words = "the quick brown fox jumps over the lazy dog";
  for (const fontFamily of ["sans", "serif"] as const) {
    const f = figureFrame({ width: 192, height: 10, body: "<g/>" }, figureOptions({ width: 200, caption: words, fontFamily }));
    const lines = f.boxes.map((b) => b.text);
    assert.ok(lines.length > 1, fontFamily);
    assert.equal(lines.join(" "), words);
    for (const l of lines) assert.ok(labelWidth(l, 10, false, fontFamily) <= 192, l);
  }
});

test("figureFrame's boxes place the content's marks and the title in page points", () => {
  const marks = emptyMarks();
  const body = markedText(marks, { x: 10, y: 20, "font-size": 10 }, "label");
  const f = figureFrame({ width: 292, height: 30, body, marks }, figureOptions({ width: 300, title: "T" }));
  const [title, label] = f.boxes;
  assert.equal(title.text, "T");
  assert.equal(title.x0, FRAME_PAD);
  assert.equal(label.x0, FRAME_PAD + 10);
  assert.ok(label.y0 > title.y1, "the content sits under the title");
});
