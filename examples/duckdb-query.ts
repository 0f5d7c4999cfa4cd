/**
 * Token-level data as a Parquet dataset, queried with DuckDB, without
 * lmdiff: one corpus analysed by two models into one folder
 * (DIR/model=tiny-en/part-00000.parquet, DIR/model=tiny-en-distil/…), then
 * each model's mean log-probability and the texts where the two models'
 * mean log-probabilities differ most, joined token by token on (doc, pos).
 *
 *   npm install @duckdb/node-api
 *   npx tsx examples/duckdb-query.ts [dataset] [outdir]
 *
 * The same folder comes from the command line:
 *   lmdiff analyze tiny-en coref --format parquet -o DIR
 *   lmdiff analyze tiny-en-distil coref --format parquet -o DIR
 *
 * Build first: npm run build.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { analyze, loadDataset, loadModel, writeParquetDataset } from "lmdiff";

const MODELS = ["tiny-en", "tiny-en-distil"] as const;

async function main() {
  const [dataset = "coref", out = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-duckdb-"))] = process.argv.slice(2);
  const corpus = loadDataset(dataset);
  const dir = path.join(out, "tokens");
  for (const name of MODELS) {
    const model = await loadModel(name);
    try {
      // The Arrow cache stays beside the dataset, outside its folder, so that queries of the dataset do not see it.
      const cache = await analyze(model, corpus, { output: path.join(out, "caches", `${name}.arrow`) });
      const written = await writeParquetDataset(cache, dir);
      console.log(`${name}: ${written.rows} rows in ${path.relative(out, written.folder)}`);
    } finally {
      await model.dispose();
    }
  }

  const db = await DuckDBInstance.create(":memory:");
  const con = await db.connect();
  // One view over every model's files: hive_partitioning turns the folder names (model=…) into a column.
  const files = path.join(dir, "*", "*.parquet").replaceAll("'", "''");
  await con.run(`CREATE VIEW tokens AS SELECT * FROM read_parquet('${files}', hive_partitioning = true)`);

  // A text without tokens has one row at pos −1 (its log-probability is NaN): pos ≥ 0 keeps the tokens.
  const means = await con.runAndReadAll(`
    SELECT model, count(*)::INTEGER AS tokens, round(avg(logprob), 4) AS mean_logprob
    FROM tokens WHERE pos >= 0 GROUP BY model ORDER BY model`);
  console.log("mean log-probability per token:");
  console.table(means.getRowObjectsJS());

  // A text's difference is the mean over its tokens of logprob(model 1) − logprob(model 2).
  const texts = await con.runAndReadAll(
    `WITH a AS (SELECT doc, pos, logprob FROM tokens WHERE model = $1 AND pos >= 0),
          b AS (SELECT doc, pos, logprob FROM tokens WHERE model = $2 AND pos >= 0),
          t AS (SELECT doc, text FROM tokens WHERE model = $1 AND text IS NOT NULL)
     SELECT doc, round(avg(a.logprob - b.logprob), 3) AS mean_diff, left(any_value(t.text), 60) AS text
     FROM a JOIN b USING (doc, pos) JOIN t USING (doc)
     GROUP BY doc ORDER BY abs(avg(a.logprob - b.logprob)) DESC, doc LIMIT 5`,
    [MODELS[0], MODELS[1]],
  );
  console.log(`texts where ${MODELS[0]} and ${MODELS[1]} differ most (mean logprob difference):`);
  console.table(texts.getRowObjectsJS());
  con.closeSync();
  db.closeSync();
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
