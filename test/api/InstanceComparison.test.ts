import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, test } from "node:test";
import { inspect } from "node:util";
import { InstanceComparison } from "../../src/api/InstanceComparison.ts";
import { figureSVG } from "../../src/export/figureSVG.ts";
import { toLaTeX } from "../../src/export/toLaTeX.ts";
import type { JUPYTER_DISPLAY } from "../../src/notebook/NotebookView.ts";
import { assertOneLineError } from "../export/snapshot.ts";
import { fixtureInstance } from "../fixtures/instance.ts";
import { nastyComparison } from "../notebook/fixtures.ts";
import { tokenLevel } from "../helpers/tokenLevel.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-instance-comparison-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const inst = new InstanceComparison(fixtureInstance());
// The registered symbol that Deno's kernel looks up, typed as the key the class declares its method under.
const JUPYTER: typeof JUPYTER_DISPLAY = Symbol.for("Jupyter.display") as typeof JUPYTER_DISPLAY;

test("InstanceComparison.summary, wins and measure read the token-level data", () => {
  assert.match(inst.summary(), /^lmdiff: .* \(model 1\) vs .* \(model 2\) on one text of 12 tokens\. Mean /);
  const w = inst.wins("prob_diff");
  assert.equal(w.model1 + w.model2 + w.tie, inst.length);
  assert.equal(inst.measure("rank_diff").length, inst.length);
  assert.throws(() => inst.measure("nope" as never), /unknown measure "nope"/);
});

test("InstanceComparison.toArray gives one row per token with both top-k lists", () => {
  const rows = inst.toArray();
  assert.equal(rows.length, inst.length);
  assert.equal(rows[0].topk_1.length, tokenLevel(inst.data).k);
  assert.equal(rows[3].token, tokenLevel(inst.data).tokens[3]);
});

// Figures for papers (these were the figure methods once installed on the engine's class).

test("InstanceComparison.toSVG and toLaTeX give figureSVG's and toLaTeX's output", () => {
  assert.equal(inst.toSVG({ view: "strip" }), figureSVG(inst.data, { view: "strip" }));
  assert.equal(inst.toLaTeX({ measure: "rank_diff" }), toLaTeX(inst.data, { measure: "rank_diff" }));
});

test("InstanceComparison.savePNG and savePDF write the files, with no temporary file left", async () => {
  const png = path.join(dir, "a.png");
  inst.savePNG(png, { view: "strip", width: 300, scale: 1 });
  const b = fs.readFileSync(png);
  assert.equal(b.readUInt32BE(16), 300);
  const pdf = path.join(dir, "a.pdf");
  await inst.savePDF(pdf, { view: "plots" });
  assert.equal(fs.readFileSync(pdf).subarray(0, 5).toString(), "%PDF-");
  assert.deepEqual(
    fs.readdirSync(dir).filter((f) => f.endsWith(".tmp")),
    [],
  );
});

test("the figure methods reject bad options in one line", () => {
  assertOneLineError(() => inst.toSVG({ view: "nope" }), /unknown view "nope"/);
  assertOneLineError(() => inst.savePNG(path.join(dir, "x.png"), { dpi: 1 }), /invalid dpi 1/);
  assertOneLineError(() => inst.savePNG(path.join(dir, "x.png"), null as never), /invalid figure options null \(expected an object\)/);
});

// Notebook display (these were the display methods once installed on the engine's class).

test("InstanceComparison gets view, toMimeBundle, toHTML, show and both display symbols", () => {
  const c = nastyComparison();
  assert.equal(c.view().payload.kind, "instance");
  // The bundle's MIME types are the notebook layer's to choose; the class must hand out its view's bundle.
  const types = Object.keys(c.view().toMimeBundle()).sort();
  assert.ok(types.includes("text/html") && types.includes("text/plain"), types.join(", "));
  assert.deepEqual(Object.keys(c.toMimeBundle()).sort(), types);
  assert.deepEqual(Object.keys(c[JUPYTER]()).sort(), types);
  assert.match(c.toHTML({ standalone: true, measure: "rank_diff" }), /^<!doctype html>/);
  assert.equal(c.view({ measure: "rank_diff" }).payload.measure, "rank_diff");
  assert.match(inspect(c), /^InstanceComparison: lmdiff: .* on one text of 12 tokens/);
});

test("the display methods are not enumerable, so they stay out of spreads and key lists", () => {
  const c = nastyComparison();
  assert.deepEqual(Object.keys({ ...c }), ["data"]);
});

test("the methods are the class's own, whatever was imported first", () => {
  for (const name of ["toSVG", "savePNG", "savePDF", "toLaTeX", "view", "toMimeBundle", "toHTML", "show"])
    assert.equal(typeof Object.getOwnPropertyDescriptor(InstanceComparison.prototype, name)?.value, "function", name);
  assert.equal(typeof Object.getOwnPropertyDescriptor(InstanceComparison.prototype, JUPYTER)?.value, "function");
  assert.equal(typeof Object.getOwnPropertyDescriptor(InstanceComparison.prototype, inspect.custom)?.value, "function");
});

test("show() in a plain script prints the summary", () => {
  const logs: unknown[] = [];
  const orig = console.log;
  console.log = (x: unknown) => void logs.push(x);
  try {
    assert.equal(nastyComparison().show(), undefined);
  } finally {
    console.log = orig;
  }
  assert.equal(logs.length, 1);
  assert.match(String(logs[0]), /^lmdiff: /);
});
