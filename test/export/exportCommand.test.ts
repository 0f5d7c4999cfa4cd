import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { exportFormat } from "../../src/cli/exportCommand.js";
import { ensureDebianTool } from "./debianTool.js";

// These tests run the built CLI (bin/lmdiff.js → lib/, after `npm run build`) as a user would,
// on a live text with the bundled models.
const ROOT = path.join(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "lmdiff.js");
const M1 = "tiny-en";
const M2 = "tiny-en-distil";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-export-"));
const env = { ...process.env, LMDIFF_CACHE: path.join(dir, "cache"), FORCE_COLOR: "" };

function lmdiff(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env, cwd: dir, timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const live = ["export", "--m1", M1, "--m2", M2, "--text", "The cat sat on the mat.\nIt was {happy} & 100% $ure_."];

test("exportFormat takes --format, else the extension of -o, else svg", () => {
  assert.equal(exportFormat("pdf", "x.svg"), "pdf");
  assert.equal(exportFormat(undefined, "fig.PNG"), "png");
  assert.equal(exportFormat(undefined, undefined), "svg");
  assert.throws(() => exportFormat(undefined, "fig.jpg"), /unknown format \(from the extension of -o\) "jpg"/);
});

test("lmdiff export --text --view composite --format svg writes an SVG figure", () => {
  const out = path.join(dir, "fig.svg");
  const r = lmdiff(...live, "--view", "composite", "--format", "svg", "-o", out);
  assert.equal(r.code, 0, r.err);
  const svg = fs.readFileSync(out, "utf8");
  assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="455pt"/);
  assert.match(svg, /lmdiff-strip/);
  assert.match(svg, /model 2 \(tiny-en-distil\)/);
  assert.match(r.err, /wrote .*fig\.svg \(svg, 455 × \d+ pt\)/);
});

test("lmdiff export picks the format from -o: png and tex", () => {
  const png = path.join(dir, "strip.png");
  const r = lmdiff(...live, "--view", "strip", "--width", "300", "--scale", "1", "-o", png);
  assert.equal(r.code, 0, r.err);
  assert.equal(fs.readFileSync(png).readUInt32BE(16), 300);
  const tex = path.join(dir, "strip.tex");
  const t = lmdiff(...live, "--standalone", "-o", tex);
  assert.equal(t.code, 0, t.err);
  const doc = fs.readFileSync(tex, "utf8");
  assert.match(doc, /^\\documentclass\{article\}/);
  for (const escaped of ["\\{", "\\}", "\\&", "\\%", "\\$", "\\_"]) assert.ok(doc.includes(escaped), escaped);
});

test(
  "lmdiff export --format pdf writes a one-page PDF of the figure's size",
  { skip: ensureDebianTool("pdfinfo", ["poppler-utils"]) ?? false },
  () => {
    const pdf = path.join(dir, "fig.pdf");
    const r = lmdiff(...live, "--view", "plots", "--format", "pdf", "-o", pdf);
    assert.equal(r.code, 0, r.err);
    const info = spawnSync("pdfinfo", [pdf], { encoding: "utf8" }).stdout;
    assert.match(info, /Pages:\s+1/);
    assert.match(info, /Page size:\s+455 x \d+ pts/);
  },
);

test("lmdiff export fails with one line on bad input", () => {
  for (const [args, pattern] of [
    [[...live, "--view", "nope"], /unknown view "nope"/],
    [[...live, "--format", "png"], /--format png needs -o FILE/],
    [["export", "--text", "x"], /--text needs --m1 and --m2/],
    [["export"], /give --config DIR/],
    [["export", "--config", dir], /has no lmdiff\.json/],
    [[...live, "--view", "global"], /global view needs a corpus/],
  ] as [string[], RegExp][]) {
    const r = lmdiff(...args);
    assert.notEqual(r.code, 0);
    const lines = r.err.trim().split("\n");
    assert.equal(lines.length, 1, r.err);
    assert.match(lines[0], /^lmdiff: /);
    assert.match(lines[0], pattern);
  }
});
