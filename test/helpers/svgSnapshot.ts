import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Compare `svg` with DIR/NAME.svg, as the render and export snapshot tests
 * do: UPDATE_SNAPSHOTS=1 writes it; on a mismatch the new output goes next
 * to it as NAME-changed.svg, for a diff or a look, and the test fails.
 */
export function svgSnapshot(dir: string, name: string, svg: string): void {
  const file = path.join(dir, `${name}.svg`);
  const changed = path.join(dir, `${name}-changed.svg`);
  if (process.env.UPDATE_SNAPSHOTS === "1") {
    mkdirSync(dir, { recursive: true });
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
