import assert from "node:assert/strict";
import { test } from "node:test";
import { figureLayout, figureSVG } from "../../src/export/figureSVG.js";
import { dejavuFamilies, pngSize, svgToPNG } from "../../src/export/svgToPNG.js";
import { fixtureInstance } from "../fixtures/instance.js";
import { assertOneLineError } from "./snapshot.js";

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function ihdr(png: Uint8Array): { width: number; height: number } {
  const sig = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  assert.deepEqual([...png.slice(0, 8)], sig, "PNG signature");
  assert.equal(Buffer.from(png.slice(12, 16)).toString("ascii"), "IHDR");
  const v = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: v.getUint32(16), height: v.getUint32(20) };
}

const svg = figureSVG(fixtureInstance(), { view: "strip", width: 300 });
const h = Number(/viewBox="0 0 300 (\d+)"/.exec(svg)![1]);

test("svgToPNG(svg) draws two pixels per point by default", () => {
  assert.deepEqual(ihdr(svgToPNG(svg)), { width: 600, height: 2 * h });
});

test("svgToPNG(svg, {scale}) and {dpi} set the pixel size exactly", () => {
  assert.deepEqual(ihdr(svgToPNG(svg, { scale: 1 })), { width: 300, height: h });
  assert.deepEqual(ihdr(svgToPNG(svg, { dpi: 144 })), { width: 600, height: 2 * h });
  assert.deepEqual(pngSize(svg, { dpi: 300 }), { width: 1250, height: Math.round((h * 300) / 72) });
});

test("svgToPNG(figureLayout(…)) sizes the picture from the layout and draws the same pixels as from its SVG", () => {
  const layout = figureLayout(fixtureInstance(), { view: "strip", width: 300 });
  assert.equal(layout.svg, svg);
  assert.deepEqual(pngSize(layout, { dpi: 300 }), pngSize(svg, { dpi: 300 }));
  assert.deepEqual(svgToPNG(layout, { scale: 1 }), svgToPNG(svg, { scale: 1 }));
});

test("svgToPNG gives the same bytes twice (fonts loaded explicitly, no system fonts)", () => {
  assert.deepEqual(svgToPNG(svg, { scale: 1 }), svgToPNG(svg, { scale: 1 }));
});

test("dejavuFamilies replaces each font-family list by the DejaVu family standing in for it", () => {
  assert.equal(
    dejavuFamilies(
      `<g font-family="ui-monospace, Menlo, &#39;DejaVu Sans Mono&#39;, monospace"><text font-family="'DejaVu Serif', serif"/></g>`,
    ),
    `<g font-family="DejaVu Sans Mono"><text font-family="DejaVu Serif"/></g>`,
  );
});

test("svgToPNG rejects bad options in one line", () => {
  assertOneLineError(() => svgToPNG(svg, { scale: 0 }), /invalid scale 0/);
  assertOneLineError(() => svgToPNG(svg, { scale: 2, dpi: 300 }), /either scale or dpi/);
  assertOneLineError(() => svgToPNG(svg, { zoom: 2 } as never), /unknown PNG option "zoom"/);
  assertOneLineError(() => svgToPNG("<p/>"), /not an SVG document/);
});
