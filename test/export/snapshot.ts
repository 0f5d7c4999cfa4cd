import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Compare `svg` with test/export/__snapshots__/NAME.svg.  UPDATE_SNAPSHOTS=1
 * rewrites it; on a mismatch the new output is written next to it as
 * NAME-changed.svg, for a diff or a look, and the test fails.
 */
const DIR = path.join(__dirname, "__snapshots__");

export function snapshot(name: string, svg: string): void {
  const file = path.join(DIR, `${name}.svg`);
  const changed = path.join(DIR, `${name}-changed.svg`);
  if (process.env.UPDATE_SNAPSHOTS === "1") {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(file, svg + "\n");
    rmSync(changed, { force: true });
    return;
  }
  if (!existsSync(file)) assert.fail(`missing snapshot ${name}.svg (run with UPDATE_SNAPSHOTS=1 to create it)`);
  const expected = readFileSync(file, "utf8").replace(/\n$/, "");
  if (expected !== svg) {
    writeFileSync(changed, svg + "\n");
    assert.fail(`snapshot ${name}.svg differs; see ${path.relative(process.cwd(), changed)}`);
  }
  rmSync(changed, { force: true });
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
