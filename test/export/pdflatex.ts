import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Write `tex` to DIR/NAME.tex and compile it with pdflatex; on failure the
 * test fails with LaTeX's error lines (those starting "!"), or the end of
 * its output when there are none.
 */
export function assertPdflatexCompiles(dir: string, name: string, tex: string): void {
  fs.writeFileSync(path.join(dir, `${name}.tex`), tex);
  const r = spawnSync("pdflatex", ["-interaction=nonstopmode", "-halt-on-error", `${name}.tex`], {
    cwd: dir,
    encoding: "utf8",
    timeout: 120_000,
  });
  assert.equal(
    r.status,
    0,
    r.stdout
      .split("\n")
      .filter((l) => l.startsWith("!"))
      .join("\n") || r.stdout.slice(-2000),
  );
  assert.ok(fs.existsSync(path.join(dir, `${name}.pdf`)));
}
