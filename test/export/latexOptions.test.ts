import assert from "node:assert/strict";
import { test } from "node:test";
import { latexOptions } from "../../src/export/latexOptions.js";
import { assertOneLineError } from "./snapshot.js";

test("latexOptions() gives a snippet with a legend, coloured by prob_diff", () => {
  const o = latexOptions();
  assert.equal(o.standalone, false);
  assert.equal(o.legend, true);
  assert.equal(o.render.measure, "prob_diff");
  assert.equal(o.width, 455);
});

test("latexOptions rejects unknown options and bad values in one line", () => {
  assertOneLineError(() => latexOptions({ view: "strip" } as never), /unknown LaTeX option "view"/);
  assertOneLineError(() => latexOptions({ standalone: 1 }), /invalid standalone 1/);
  assertOneLineError(() => latexOptions({ palette: "x" }), /unknown palette "x"/);
});
