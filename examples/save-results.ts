/**
 * The results as data: an Apache Arrow table with one row per text, saved
 * as Parquet and CSV, read back, and a histogram of the differences.
 *
 *   npx tsx examples/save-results.ts [outdir]
 *
 * Build first: npm run build.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compare, CorpusComparison } from "lmdiff";

const TEXTS = [
  "Look before you leap.",
  "Too many cooks spoil the broth.",
  "Where there is smoke there is fire.",
  "Colorless green ideas sleep furiously.",
  "1 2 3 4 5 6 7 8 9 10",
];

async function main() {
  const out = process.argv[2] ?? fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-results-"));
  const results = await compare("tiny-en", "tiny-en-distil", TEXTS);
  console.log(`${results.table.numRows} rows, columns: ${results.table.schema.fields.map((f) => f.name).join(", ")}`);

  const parquet = path.join(out, "results.parquet");
  results.save(parquet);
  results.save(path.join(out, "results.csv"));
  const back = CorpusComparison.load(parquet);
  console.log(`read back ${back.length} rows from ${parquet}`);

  for (const b of results.histogram("prob_diff", { bins: 4 }))
    console.log(`${b.x0.toFixed(3)} … ${b.x1.toFixed(3)}: ${"#".repeat(b.count)}`);
  console.log(results.instance(3).summary());
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
