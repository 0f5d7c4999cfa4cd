import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { figureLayout, figureSVG } from "../../src/export/figureSVG.js";
import { svgToPDF } from "../../src/export/svgToPDF.js";
import { fixtureCorpus } from "../fixtures/corpus.js";
import { fixtureInstance } from "../fixtures/instance.js";
import { ensureDebianTool } from "./debianTool.js";

const skip = ensureDebianTool("pdfinfo", ["poppler-utils"]);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-pdf-"));

async function pdfFile(svg: string, name: string): Promise<string> {
  const file = path.join(dir, name);
  fs.writeFileSync(file, await svgToPDF(svg));
  return file;
}
const run = (cmd: string, ...args: string[]) => spawnSync(cmd, args, { encoding: "utf8" });

test("svgToPDF(svg) writes one page of exactly the figure's size in points", { skip: skip ?? false }, async () => {
  const svg = figureSVG(fixtureInstance(), { view: "composite", width: 455 });
  const h = /viewBox="0 0 455 (\d+)"/.exec(svg)![1];
  const info = run("pdfinfo", await pdfFile(svg, "composite.pdf"));
  assert.equal(info.status, 0, info.stderr);
  assert.match(info.stdout, /^Pages:\s+1$/m);
  assert.match(info.stdout, new RegExp(`^Page size:\\s+455 x ${h} pts`, "m"));
});

test("svgToPDF embeds the DejaVu fonts as subsets with Unicode maps, and no other font", { skip: skip ?? false }, async () => {
  const file = await pdfFile(figureSVG(fixtureInstance(), { view: "composite", fontFamily: "serif" }), "fonts.pdf");
  const fonts = run("pdffonts", file).stdout.trim().split("\n").slice(2);
  assert.ok(fonts.length >= 3, fonts.join("\n"));
  for (const line of fonts) {
    assert.match(line, /^[A-Z]{6}\+DejaVu(Serif|Sans)/, line);
    assert.match(line, /\s+yes\s+yes\s+yes\s+\d+\s+\d+$/, `embedded, subset, unicode: ${line}`);
  }
  assert.ok(
    fonts.some((l) => /DejaVuSansMono/.test(l)),
    "token text in DejaVu Sans Mono",
  );
  assert.ok(
    fonts.some((l) => /DejaVuSerif/.test(l)),
    "labels in DejaVu Serif",
  );
});

test("svgToPDF keeps text as selectable text", { skip: skip ?? false }, async () => {
  const file = await pdfFile(figureSVG(fixtureCorpus(), { view: "global" }), "global.pdf");
  const text = run("pdftotext", file, "-").stdout;
  assert.match(text, /model 2 \(tiny-en-distil\)/);
  assert.match(text, /probability difference/);
});

test("svgToPDF of a render-core SVG in pixels gives a page of 3/4 of its pixel size", { skip: skip ?? false }, async () => {
  const file = await pdfFile(
    `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="100" viewBox="0 0 400 100"><rect x="0" y="0" width="10" height="10"/></svg>`,
    "px.pdf",
  );
  assert.match(run("pdfinfo", file).stdout, /Page size:\s+300 x 75 pts/);
});

test("svgToPDF refuses elements and options it does not know, in one line", async () => {
  await assert.rejects(
    svgToPDF(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><image href="x.png"/></svg>`),
    /^LmdiffError: lmdiff: unsupported SVG element <image>/,
  );
  await assert.rejects(svgToPDF("<svg/>", { size: "a4" } as never), /unknown PDF option "size"/);
});

test("svgToPDF(figureLayout(…)) sizes the page from the layout and writes the same file as from its SVG", async () => {
  const layout = figureLayout(fixtureInstance(), { view: "strip", width: 300 });
  const before = process.env.SOURCE_DATE_EPOCH;
  process.env.SOURCE_DATE_EPOCH = "1700000000";
  try {
    assert.deepEqual(Buffer.from(await svgToPDF(layout)), Buffer.from(await svgToPDF(layout.svg)));
  } finally {
    if (before === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = before;
  }
});

test("svgToPDF gives byte-identical files under SOURCE_DATE_EPOCH, for reproducible paper builds", async () => {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><text x="4" y="20" font-size="12">Grüße 0.5</text></svg>`;
  const before = process.env.SOURCE_DATE_EPOCH;
  process.env.SOURCE_DATE_EPOCH = "1700000000";
  try {
    const [a, b] = [await svgToPDF(svg), await svgToPDF(svg)];
    assert.deepEqual(Buffer.from(a), Buffer.from(b));
    process.env.SOURCE_DATE_EPOCH = "1800000000";
    assert.notDeepEqual(Buffer.from(await svgToPDF(svg)), Buffer.from(a), "the date is in the file");
    process.env.SOURCE_DATE_EPOCH = "yesterday";
    await assert.rejects(svgToPDF(svg), /invalid SOURCE_DATE_EPOCH "yesterday"/);
  } finally {
    if (before === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = before;
  }
});
