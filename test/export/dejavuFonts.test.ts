import assert from "node:assert/strict";
import * as fs from "node:fs";
import { test } from "node:test";
import { DEJAVU_FACES } from "../../src/export/dejavuFaces.js";
import { dejavuFont } from "../../src/export/dejavuFonts.js";

test("dejavuFont finds every face's TTF file in dejavu-fonts-ttf", () => {
  for (const f of DEJAVU_FACES) {
    const file = dejavuFont(f);
    assert.ok(fs.existsSync(file), file);
    assert.match(file, new RegExp(`${f}\\.ttf$`));
  }
});
