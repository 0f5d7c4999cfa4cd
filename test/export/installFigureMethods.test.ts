import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { tableFromArrays } from "apache-arrow";
import "../../src/export/installFigureMethods.js";
import { CorpusComparison } from "../../src/engine/CorpusComparison.js";
import { InstanceComparison } from "../../src/engine/InstanceComparison.js";
import { figureSVG } from "../../src/export/figureSVG.js";
import { toLaTeX } from "../../src/export/toLaTeX.js";
import { fixtureCorpus } from "../fixtures/corpus.js";
import { fixtureInstance } from "../fixtures/instance.js";
import { assertOneLineError } from "./snapshot.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-methods-"));
const inst = new InstanceComparison(fixtureInstance());

/** A CorpusComparison over the fixture corpus's columns, without caches. */
function corpus(): CorpusComparison {
  const c = fixtureCorpus();
  const table = tableFromArrays({ index: c.index, text: c.text, n_tokens: c.nTokens, ...c.values });
  table.schema.metadata.set("lmdiff.model_1", "tiny-en");
  table.schema.metadata.set("lmdiff.model_2", "tiny-en-distil");
  return new CorpusComparison(table, null);
}

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
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp")), []);
});

test("CorpusComparison.toSVG draws the global view, and a text's view needs doc", () => {
  const c = corpus();
  assert.match(c.toSVG(), /lmdiff-global-histogram/);
  assertOneLineError(() => c.toSVG({ view: "strip" }), /the strip view shows one text; pass doc \(a document index, 0 to 11\)/);
  assertOneLineError(() => c.toLaTeX(), /toLaTeX of a corpus needs doc/);
  assertOneLineError(() => c.toSVG({ doc: 2 }), /loaded without its caches/);
});

test("the figure methods reject bad options in one line", () => {
  assertOneLineError(() => inst.toSVG({ view: "nope" }), /unknown view "nope"/);
  assertOneLineError(() => inst.savePNG(path.join(dir, "x.png"), { dpi: 1 }), /invalid dpi 1/);
});
