/**
 * writeParquetDataset and `lmdiff analyze --format parquet`: the Parquet
 * files read back by DuckDB (@duckdb/node-api, a devDependency) hold the
 * Arrow cache's columns and values exactly and its metadata; a model's
 * folder is replaced as a whole and other models' folders are left alone;
 * examples/duckdb-query.ts runs and prints what the caches say.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { tableFromIPC, type Table } from "apache-arrow";
import { AnalysisCache } from "../../src/engine/AnalysisCache.ts";
import type { AnalysisShard } from "../../src/engine/AnalysisShard.ts";
import { analyze } from "../../src/engine/analyze.ts";
import { inlineDataset, loadDataset } from "../../src/engine/Dataset.ts";
import { loadModel } from "../../src/engine/Model.ts";
import { mergeParts } from "../../src/engine/mergeParts.ts";
import { parquetWasm } from "../../src/engine/saveTable.ts";
import { writeParquetDataset } from "../../src/engine/writeParquetDataset.ts";
import { cacheParts, SCHEMA } from "../helpers/cacheParts.ts";
import { RUN_MAIN } from "../helpers/runMain.ts";

const ROOT = path.join(__dirname, "..", "..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-parquet-"));
const env = { ...process.env, LMDIFF_CACHE: path.join(work, "lmdiff-cache"), FORCE_COLOR: "" };
const COLUMNS = ["doc", "pos", "token", "prob", "logprob", "rank", "entropy", "topk_ids", "topk_probs", "text"];

let db: DuckDBInstance;
let con: DuckDBConnection;
/** A cache of tiny-en on 300 coref sentences (k = 10), and the synthetic cache of test/helpers/cacheParts (k = 3, a document without tokens). */
let real: AnalysisCache;
let synthetic: AnalysisCache;
/** The two shards of `real`'s analysis (analyze with shard 0/2 and 1/2). */
let shards: AnalysisShard[];

before(async () => {
  db = await DuckDBInstance.create(":memory:");
  con = await db.connect();
  const model = await loadModel("tiny-en");
  try {
    const dataset = inlineDataset(loadDataset("coref").texts.slice(0, 300), "coref-300");
    real = await analyze(model, dataset, { output: path.join(work, "caches", "tiny-en.arrow") });
    shards = await Promise.all(
      [0, 1].map((index) =>
        analyze(model, dataset, { output: path.join(work, "caches", `tiny-en.shard-${index}.arrow`), shard: { index, count: 2 } }),
      ),
    );
  } finally {
    await model.dispose();
  }
  const merged = path.join(work, "caches", "synthetic.arrow");
  await mergeParts(cacheParts().dir, SCHEMA, merged);
  synthetic = AnalysisCache.open(merged);
});

after(() => {
  con?.closeSync();
  db?.closeSync();
  fs.rmSync(work, { recursive: true, force: true });
});

const sqlString = (s: string) => `'${s.replaceAll("'", "''")}'`;

/** The rows of a dataset's Parquet files as DuckDB reads them, column by column, in the cache's row order. */
async function readBack(dir: string, model: string): Promise<Record<string, unknown[]>> {
  const r = await con.runAndReadAll(
    `SELECT * FROM read_parquet(${sqlString(path.join(dir, "*", "*.parquet"))}, hive_partitioning = true)
     WHERE model = $1 ORDER BY doc, pos`,
    [model],
  );
  return r.getColumnsObjectJS();
}

/** Column `name` of an Arrow cache file as plain values: numbers (NaN and −0 kept), lists as arrays, strings or null. */
function arrowColumn(table: Table, name: string): unknown[] {
  const col = table.getChild(name)!;
  if (name === "topk_ids" || name === "topk_probs") {
    const k = (col.type as { listSize: number }).listSize;
    const values = col.data[0].children[0].values as Int32Array | Float32Array;
    return Array.from({ length: table.numRows }, (_, r) => Array.from(values.subarray(r * k, (r + 1) * k)));
  }
  return Array.from({ length: table.numRows }, (_, r) => col.get(r) as unknown);
}

/** Every value of every column equal, compared with Object.is (so NaN equals NaN, and 0 is not −0): float32 values are exact in a double. */
function assertSameRows(got: Record<string, unknown[]>, cacheFile: string): void {
  const table = tableFromIPC(fs.readFileSync(cacheFile));
  for (const name of COLUMNS) {
    const want = arrowColumn(table, name);
    const have = got[name];
    assert.equal(have.length, want.length, `${name}: row count`);
    for (let r = 0; r < want.length; r++) {
      const w = want[r];
      const h = have[r];
      const same = Array.isArray(w) ? Array.isArray(h) && h.length === w.length && w.every((x, i) => Object.is(x, h[i])) : Object.is(w, h);
      assert.ok(same, `${name} at row ${r}: cache ${JSON.stringify(w)}, Parquet ${JSON.stringify(h)}`);
    }
  }
}

async function kvMetadata(file: string): Promise<Map<string, string>> {
  const r = await con.runAndReadAll(`SELECT key::VARCHAR AS k, value::VARCHAR AS v FROM parquet_kv_metadata(${sqlString(file)})`);
  return new Map(r.getRowObjectsJS().map((row) => [row.k as string, row.v as string]));
}

const entries = (dir: string) => fs.readdirSync(dir).sort();

test("writeParquetDataset(cache, dir) writes DIR/model=NAME/part-*.parquet whose every column and row DuckDB reads back exactly", async () => {
  const dir = path.join(work, "exact");
  // Small files and row groups, so that a file and a row group end inside a document.
  const written = await writeParquetDataset(real, dir, { rowsPerFile: 2000, rowGroupRows: 700 });
  const n = real.doc.length;
  assert.equal(written.rows, n);
  assert.equal(written.folder, path.join(dir, "model=tiny-en"));
  assert.deepEqual(
    written.files.map((f) => path.basename(f)),
    Array.from({ length: Math.ceil(n / 2000) }, (_, i) => `part-${String(i).padStart(5, "0")}.parquet`),
  );
  assert.deepEqual(entries(dir), ["model=tiny-en"], "nothing else in DIR: no temporary folder left");
  assert.deepEqual(
    entries(written.folder),
    written.files.map((f) => path.basename(f)),
  );
  assertSameRows(await readBack(dir, "tiny-en"), real.path);

  const groups = await con.runAndReadAll(
    `SELECT row_group_num_rows::INTEGER AS rows FROM parquet_metadata(${sqlString(written.files[0])}) WHERE column_id = 0 ORDER BY row_group_id`,
  );
  assert.deepEqual(
    groups.getRowObjectsJS().map((g) => g.rows),
    [700, 700, 600],
    "row groups of rowGroupRows rows",
  );
  const types = await con.runAndReadAll(
    `SELECT column_name AS name, column_type AS type FROM (DESCRIBE SELECT * FROM read_parquet(${sqlString(written.files[0])}, hive_partitioning = false))`,
  );
  assert.deepEqual(
    types.getRowObjectsJS().map((t) => `${t.name as string} ${t.type as string}`),
    [
      "doc INTEGER",
      "pos INTEGER",
      "token INTEGER",
      "prob FLOAT",
      "logprob FLOAT",
      "rank INTEGER",
      "entropy FLOAT",
      "topk_ids INTEGER[]",
      "topk_probs FLOAT[]",
      "text VARCHAR",
    ],
  );
});

test("writeParquetDataset keeps a document without tokens (pos −1, NaN scores) and texts on the first row of each document", async () => {
  const dir = path.join(work, "synthetic");
  // Row groups of 3 rows: one ends right before the placeholder row, one starts inside a document.
  await writeParquetDataset(synthetic.path, dir, { rowGroupRows: 3 });
  const got = await readBack(dir, "m");
  assertSameRows(got, synthetic.path);
  assert.deepEqual(got.pos.slice(0, 4), [0, 1, -1, 0]);
  assert.ok(Number.isNaN(got.logprob[2]));
  assert.deepEqual(
    got.text.filter((t) => t !== null),
    ["first text", "", "Grüße 😀", "fourth", "fifth, the last"],
  );
});

test("writeParquetDataset keeps the cache's lmdiff.* metadata as Parquet key-value metadata in every file, and Arrow readers get the cache's schema back", async () => {
  const dir = path.join(work, "metadata");
  const written = await writeParquetDataset(real, dir, { rowsPerFile: 2000 });
  assert.ok(written.files.length > 1);
  const want = tableFromIPC(fs.readFileSync(real.path)).schema;
  const lmdiffKeys = [...want.metadata].filter(([k]) => k.startsWith("lmdiff."));
  assert.ok(lmdiffKeys.length >= 12, "the cache has its lmdiff.* keys");
  for (const file of written.files) {
    const kv = await kvMetadata(file);
    assert.deepEqual([...kv].filter(([k]) => k.startsWith("lmdiff.")).sort(), lmdiffKeys.sort(), path.basename(file));
    assert.ok(kv.has("ARROW:schema"));
  }
  // The Arrow schema in the file restores the fixed-size lists, the nullability and the metadata.
  const pq = parquetWasm();
  const back = tableFromIPC(pq.readParquet(fs.readFileSync(written.files[0])).intoIPCStream());
  assert.deepEqual(
    back.schema.fields.map((f) => `${f.name} ${String(f.type)} ${f.nullable}`),
    want.fields.map((f) => `${f.name} ${String(f.type)} ${f.nullable}`),
  );
  assert.deepEqual([...back.schema.metadata].sort(), [...want.metadata].sort());
});

test("a rerun replaces the model's folder as a whole; another model's folder in the same DIR is left alone", async () => {
  const dir = path.join(work, "replace");
  const first = await writeParquetDataset(real, dir, { rowsPerFile: 2000 });
  assert.ok(first.files.length > 2);
  const other = await writeParquetDataset(synthetic, dir);
  const otherStat = fs.statSync(other.files[0]);
  const again = await writeParquetDataset(real, dir);
  assert.deepEqual(entries(dir), ["model=m", "model=tiny-en"], "both models side by side, no temporary folder");
  assert.deepEqual(entries(again.folder), ["part-00000.parquet"], "the earlier run's files are gone");
  assert.equal(fs.statSync(other.files[0]).ino, otherStat.ino, "the other model's file is untouched");
  assert.equal(fs.statSync(other.files[0]).mtimeMs, otherStat.mtimeMs);
  const r = await con.runAndReadAll(
    `SELECT model, count(*)::INTEGER AS n FROM read_parquet(${sqlString(path.join(dir, "*", "*.parquet"))}, hive_partitioning = true) GROUP BY model ORDER BY model`,
  );
  assert.deepEqual(r.getRowObjectsJS(), [
    { model: "m", n: synthetic.doc.length },
    { model: "tiny-en", n: real.doc.length },
  ]);
});

test("a write cancelled halfway leaves the model's previous folder as it was, and no temporary folder", async () => {
  const dir = path.join(work, "failed");
  const before = await writeParquetDataset(synthetic, dir);
  const bytes = fs.readFileSync(before.files[0]);
  // A signal that reads as aborted from its fourth look on: after the checks on entry and two row groups written.
  let looks = 0;
  const signal = {
    get aborted() {
      return ++looks > 3;
    },
  } as AbortSignal;
  await assert.rejects(writeParquetDataset(synthetic, dir, { rowGroupRows: 2, signal }), /lmdiff: cancelled/);
  assert.ok(looks > 3, "the write had started");
  assert.deepEqual(entries(dir), ["model=m"]);
  assert.deepEqual(entries(before.folder), ["part-00000.parquet"]);
  assert.ok(fs.readFileSync(before.files[0]).equals(bytes));
});

test("a killed run's staging folder is removed by the next run; a live run's is left alone and out of reach of the DIR/*/*.parquet glob", async () => {
  const dir = path.join(work, "stale");
  await writeParquetDataset(synthetic, dir);
  const deadPid = Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);
  const stage = (pid: number) => path.join(dir, `.model-m.${pid}.abc.tmp`);
  for (const pid of [deadPid, process.pid]) {
    fs.mkdirSync(path.join(stage(pid), "model=m"), { recursive: true });
    fs.copyFileSync(path.join(dir, "model=m", "part-00000.parquet"), path.join(stage(pid), "model=m", "part-00000.parquet"));
  }
  // A write in progress (this process's staging folder) does not show in a query of the dataset.
  assert.equal((await readBack(dir, "m")).doc.length, synthetic.doc.length);
  await writeParquetDataset(synthetic, dir);
  assert.ok(!fs.existsSync(stage(deadPid)), "the dead run's folder is gone");
  assert.ok(fs.existsSync(stage(process.pid)), "a live run's folder is not another run's to remove");
  fs.rmSync(stage(process.pid), { recursive: true });
});

test("writeParquetDataset(cache, dir, { part }) writes one file per part beside the other parts, and replaces only its own", async () => {
  const dir = path.join(work, "parts");
  const a = await writeParquetDataset(synthetic, dir, { part: "part-0-of-2" });
  const b = await writeParquetDataset(synthetic, dir, { part: "part-1-of-2", rowsPerFile: 2 });
  assert.deepEqual(b.files, [path.join(dir, "model=m", "part-1-of-2.parquet")], "a part is one file, whatever rowsPerFile says");
  const bStat = fs.statSync(b.files[0]);
  await writeParquetDataset(synthetic, dir, { part: "part-0-of-2" });
  assert.deepEqual(entries(a.folder), ["part-0-of-2.parquet", "part-1-of-2.parquet"]);
  assert.equal(fs.statSync(b.files[0]).ino, bStat.ino);
  await assert.rejects(writeParquetDataset(synthetic, dir, { part: "../x" }), /lmdiff: invalid part name "\.\.\/x"/);
  await assert.rejects(writeParquetDataset(synthetic, dir, { part: ".hidden" }), /invalid part name/);
});

test("writeParquetDataset(shard, dir) writes the shard as part-<i>-of-<n>.parquet; the shards side by side read back as the unsharded cache", async () => {
  const dir = path.join(work, "shards");
  const a = await writeParquetDataset(shards[0], dir);
  // A shard's file, given by name, is read as a shard.
  const b = await writeParquetDataset(shards[1].path, dir);
  assert.deepEqual(a.files, [path.join(dir, "model=tiny-en", "part-0-of-2.parquet")]);
  assert.deepEqual(b.files, [path.join(dir, "model=tiny-en", "part-1-of-2.parquet")]);
  assert.equal(a.rows + b.rows, real.doc.length);
  assertSameRows(await readBack(dir, "tiny-en"), real.path);
  const kv = await kvMetadata(b.files[0]);
  assert.equal(kv.get("lmdiff.shard"), "1/2", "the shard's own metadata is kept");
  assert.equal(kv.get("lmdiff.n_docs"), "300", "with the whole analysis's");
  // Shard 0 again replaces its own file only.
  const bStat = fs.statSync(b.files[0]);
  await writeParquetDataset(shards[0], dir);
  assert.deepEqual(entries(a.folder), ["part-0-of-2.parquet", "part-1-of-2.parquet"]);
  assert.equal(fs.statSync(b.files[0]).ino, bStat.ino);
});

test("writeParquetDataset refuses a DIR that is a file, or lies inside one, with one line", async () => {
  const file = path.join(work, "a-file.txt");
  fs.writeFileSync(file, "not a folder\n");
  await assert.rejects(writeParquetDataset(synthetic, file), (e: Error) => {
    assert.equal(e.message, `lmdiff: ${file} is a file, not a folder: a Parquet dataset is written as a folder of files (choose a folder)`);
    return true;
  });
  await assert.rejects(writeParquetDataset(synthetic, path.join(file, "sub")), /lmdiff: .*sub lies inside .*a-file\.txt, which is a file/);
  assert.equal(fs.readFileSync(file, "utf8"), "not a folder\n");
});

// The CLI from its TypeScript source through tsx (as test/cli/textCommand.test.ts), so that no build is needed.

function lmdiff(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", RUN_MAIN, ...args], {
    encoding: "utf8",
    env,
    cwd: ROOT,
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test("lmdiff analyze --format parquet -o DIR writes DIR/model=NAME/ and keeps the Arrow cache in the cache folder", async () => {
  const texts = path.join(work, "few.txt");
  fs.writeFileSync(texts, "The cat sat on the mat.\nA stitch in time saves nine.\n");
  const dir = path.join(work, "cli");
  const r = lmdiff("analyze", "tiny-en", texts, "--format", "parquet", "-o", dir, "--workers", "0");
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, `${path.join(dir, "model=tiny-en")}\n`);
  assert.match(r.err, /lmdiff: \d+ rows in 1 Parquet file\(s\), from .*lmdiff-cache/);
  assert.deepEqual(entries(dir), ["model=tiny-en"]);
  const caches = fs.readdirSync(path.join(env.LMDIFF_CACHE, "analysis")).filter((f) => f.endsWith(".arrow"));
  assert.equal(caches.length, 1);
  assertSameRows(await readBack(dir, "tiny-en"), path.join(env.LMDIFF_CACHE, "analysis", caches[0]));
});

test("lmdiff analyze --shard i/n --format parquet -o DIR writes DIR/model=NAME/part-<i>-of-<n>.parquet", async () => {
  const texts = path.join(work, "three.txt");
  fs.writeFileSync(texts, "One fine day.\nTwo fine days.\nThree fine days.\n");
  const dir = path.join(work, "cli-shards");
  const r = lmdiff("analyze", "tiny-en", texts, "--shard", "1/2", "--format", "parquet", "-o", dir, "--workers", "0");
  assert.equal(r.code, 0, r.err);
  assert.equal(r.out, `${path.join(dir, "model=tiny-en", "part-1-of-2.parquet")}\n`);
  assert.deepEqual(entries(path.join(dir, "model=tiny-en")), ["part-1-of-2.parquet"]);
  const arrow = fs.readdirSync(path.join(env.LMDIFF_CACHE, "analysis")).filter((f) => /three-.*\.shard-1-of-2\.arrow$/.test(f));
  assert.equal(arrow.length, 1, "the shard's Arrow file, in the cache folder");
  const docs = await con.runAndReadAll(
    `SELECT DISTINCT doc FROM read_parquet(${sqlString(path.join(dir, "*", "*.parquet"))}, hive_partitioning = true) ORDER BY doc`,
  );
  assert.deepEqual(
    docs.getRowObjectsJS().map((d) => d.doc),
    [1, 2],
    "shard 1 of 2 holds documents 1 and 2 of 3",
  );
});

test("lmdiff analyze --format parquet with -o naming a file, without -o, or an unknown --format fails at once with one line", () => {
  const file = path.join(work, "not-a-folder.parquet");
  fs.writeFileSync(file, "x");
  const cases: [string[], RegExp][] = [
    [["-o", file], /is a file, not a folder: a Parquet dataset is written as a folder of files/],
    [[], /--format parquet needs -o DIR, the folder of the Parquet dataset/],
  ];
  for (const [args, pattern] of cases) {
    const r = lmdiff("analyze", "tiny-en", "no-such-dataset", "--format", "parquet", ...args);
    assert.notEqual(r.code, 0);
    // Checked before the dataset is read: the unknown dataset would be the error otherwise.
    assert.equal(r.err.trim().split("\n").length, 1, r.err);
    assert.match(r.err, new RegExp(`^lmdiff: .*${pattern.source}`));
  }
  const bad = lmdiff("analyze", "tiny-en", "coref", "--format", "feather", "-o", file);
  assert.equal(bad.err, 'lmdiff: unknown --format "feather" (expected one of arrow, parquet)\n');
  assert.equal(fs.readFileSync(file, "utf8"), "x");
});

test("examples/duckdb-query.ts runs and prints each model's mean logprob and the texts that differ most, as the caches say", () => {
  const out = path.join(work, "example");
  // "lmdiff" resolved to this checkout's sources (a tsconfig path for tsx), so that the example needs no build.
  const tsconfig = path.join(work, "tsconfig.json");
  fs.writeFileSync(
    tsconfig,
    JSON.stringify({ extends: path.join(ROOT, "tsconfig.json"), compilerOptions: { baseUrl: ROOT, paths: { lmdiff: ["src/index.ts"] } } }),
  );
  const r = spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), [path.join("examples", "duckdb-query.ts"), "coref", out], {
    cwd: ROOT,
    encoding: "utf8",
    // Without FORCE_COLOR (even empty, it colours console.table's cells).
    env: { ...env, FORCE_COLOR: undefined, NO_COLOR: "1", TSX_TSCONFIG_PATH: tsconfig },
    timeout: 5 * 60_000,
  });
  assert.equal(r.status, 0, r.stderr);
  const caches = ["tiny-en", "tiny-en-distil"].map((m) => AnalysisCache.open(path.join(out, "caches", `${m}.arrow`)));
  for (const c of caches)
    assert.match(
      r.stdout,
      new RegExp(`^${c.meta.modelName}: ${c.doc.length} rows in ${path.join("tokens", `model=${c.meta.modelName}`)}$`, "m"),
    );
  // console.table's rows, as cells.
  const rows = r.stdout
    .split("\n")
    .filter((l) => /^│ \d+ /.test(l))
    .map((l) =>
      l
        .split("│")
        .slice(2, -1)
        .map((c) => c.trim()),
    );
  // Rounded by DuckDB; checked to within the rounding, so that a sum taken in another order cannot fail the test.
  const near = (printed: string, value: number, digits: number) =>
    assert.ok(Math.abs(Number(printed) - value) <= 0.5 * 10 ** -digits + 1e-9, `printed ${printed}, the caches give ${value}`);
  const means = caches.map((c) => Array.from(c.scores.logprob).reduce((sum, x, i) => (c.token[i] >= 0 ? sum + x : sum), 0) / c.nTokens);
  assert.deepEqual(
    rows.slice(0, 2).map((row) => row.slice(0, 2)),
    caches.map((c) => [`'${c.meta.modelName}'`, String(c.nTokens)]),
  );
  rows.slice(0, 2).forEach((row, i) => near(row[2], means[i], 4));
  // The texts' mean differences, computed from the caches (DuckDB subtracts FLOATs in single precision), give the same top five.
  const [a, b] = caches;
  const diffs = Array.from({ length: a.meta.nDocs }, (_, d) => {
    const [s, e] = a.range(d);
    let sum = 0;
    for (let i = s; i < e; i++) sum += Math.fround(a.scores.logprob[i] - b.scores.logprob[i]);
    return { doc: d, diff: e > s ? sum / (e - s) : 0 };
  });
  diffs.sort((x, y) => Math.abs(y.diff) - Math.abs(x.diff) || x.doc - y.doc);
  const top = rows.slice(2);
  assert.deepEqual(
    top.map((row) => [Number(row[0]), row[2]]),
    diffs.slice(0, 5).map((x) => [x.doc, `'${a.text(x.doc).slice(0, 60)}'`]),
  );
  top.forEach((row, i) => near(row[1], diffs[i].diff, 3));
});
