import assert from "node:assert/strict";
import path from "node:path";
import { svgSnapshot } from "../helpers/svgSnapshot.js";

const DIR = path.join(__dirname, "__snapshots__");

/** Compare `svg` with test/export/__snapshots__/NAME.svg (see svgSnapshot). */
export function snapshot(name: string, svg: string): void {
  svgSnapshot(DIR, name, svg);
}

/** Assert that `f` throws one line starting "lmdiff: " that matches `pattern`. */
export function assertOneLineError(f: () => unknown, pattern: RegExp): void {
  assert.throws(f, (e: Error) => {
    assert.match(e.message, /^lmdiff: /);
    assert.doesNotMatch(e.message, /\n/);
    assert.match(e.message, pattern);
    return true;
  });
}
