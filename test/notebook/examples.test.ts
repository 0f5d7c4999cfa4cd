/**
 * The scripts in examples/ run as written (`npx tsx examples/NAME.ts`),
 * against the built package, when the bundled models and corpora they use
 * are there.
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { before, test } from "node:test";
import { ROOT } from "./notebookFiles.js";

const EXAMPLES: { file: string; args: string[]; needs: string[]; expect: RegExp }[] = [
  {
    file: "compare-text.ts",
    args: [],
    needs: ["models/tiny-en", "models/tiny-en-distil"],
    expect: /^lmdiff: tiny-en \(model 1\) vs tiny-en-distil \(model 2\) on one text[\s\S]*open .*lmdiff-text\.html/,
  },
  {
    file: "save-results.ts",
    args: ["OUT"],
    needs: ["models/tiny-en", "models/tiny-en-distil"],
    expect: /^5 rows, columns: index, text, n_tokens[\s\S]*read back 5 rows/,
  },
  {
    file: "corpus-outliers.ts",
    args: [],
    needs: ["models/tiny-en", "models/tiny-en-distil", "data/fortunes-en.txt"],
    expect: /on fortunes-en, \d+ texts[\s\S]*open .*lmdiff-fortunes-en\.html/,
  },
];

before(() => {
  execFileSync("bash", ["scripts/execute-notebooks.sh", "--prepare"], { cwd: ROOT, stdio: "inherit", timeout: 15 * 60_000 });
});

for (const ex of EXAMPLES) {
  const missing = ex.needs.filter((n) => !existsSync(path.join(ROOT, n)));
  test(`examples/${ex.file} runs as written`, { skip: missing.length ? `needs ${missing.join(", ")}` : false }, () => {
    const out = mkdtempSync(path.join(os.tmpdir(), "lmdiff-example-"));
    try {
      const r = spawnSync(
        path.join(ROOT, "node_modules", ".bin", "tsx"),
        [path.join("examples", ex.file), ...ex.args.map((a) => (a === "OUT" ? out : a))],
        {
          cwd: ROOT,
          encoding: "utf8",
          timeout: 10 * 60_000,
        },
      );
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, ex.expect);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
}
