import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { tableFromIPC } from "apache-arrow";
import type { TokenRow } from "../../src/api/InstanceComparison.ts";
import type { ProjectConfig } from "../../src/engine/ProjectConfig.ts";

// These tests run the built CLI (bin/lmdiff.js → lib/), as a user would.
const ROOT = path.join(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "lmdiff.js");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-cli-"));
const env = { ...process.env, LMDIFF_CACHE: path.join(dir, "cache"), FORCE_COLOR: "" };

function lmdiff(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env, cwd: dir, timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function assertOneLineError(r: ReturnType<typeof lmdiff>, pattern: RegExp) {
  assert.notEqual(r.code, 0, "exits non-zero");
  const lines = r.err.trim().split("\n");
  assert.equal(lines.length, 1, `one line on stderr, got: ${r.err}`);
  assert.match(lines[0], /^lmdiff: /);
  assert.match(lines[0], pattern);
}

test("lmdiff models and datasets list the bundled zoo and corpora", () => {
  const m = lmdiff("models");
  assert.equal(m.code, 0);
  for (const n of ["tiny-en", "tiny-en-distil", "tiny-en-bible", "tiny-de", "tiny-mlm-en"])
    assert.match(m.out, new RegExp(`^${n}\\s`, "m"));
  const d = lmdiff("datasets");
  assert.equal(d.code, 0);
  assert.match(d.out, /^fortunes-en\s+\d+ texts/m);
});

test("lmdiff text --json gives the full token-level comparison", () => {
  const r = lmdiff("text", "tiny-en", "tiny-en-bible", "And God said, Let there be light.", "--json", "--top-k", "3");
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as { tokens: TokenRow[] };
  assert.equal(j.tokens.map((t) => t.token).join(""), "And God said, Let there be light.");
  assert.equal(j.tokens[0].topk_1.length, 3);
  assert.ok(j.tokens.every((t) => t.rank_1 >= 1));
  // Both models scored together: the joint measures, under their names, per token.
  for (const t of j.tokens) {
    assert.ok(t.kl! >= 0 && t.kl_reverse! >= 0, "KL both ways");
    assert.ok(t.js! >= 0 && t.js! <= 1 && t.tv! >= 0 && t.tv! <= 1, "JS in bits and TV");
    assert.equal(t.top1_agree, t.topk_1[0].id === t.topk_2[0].id ? 1 : 0);
  }
});

test("lmdiff text prints the coloured tokens, a legend in words and a summary", () => {
  const r = lmdiff("text", "tiny-en", "tiny-en-distil", "Hello world", "--measure", "rank_diff");
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Hello world/);
  assert.match(r.out, /tiny-en \(model 1\) vs tiny-en-distil \(model 2\)/);
});

test("lmdiff preprocess all writes both caches, both comparisons and lmdiff.json", () => {
  const data = path.join(dir, "small.txt");
  fs.writeFileSync(data, "The first small text.\n\nA second one, with a blank line before it.\nThird.\n");
  const out = path.join(dir, "out");
  const r = lmdiff("preprocess", "all", "tiny-en", "tiny-en-distil", data, "--output-dir", out, "--top-k", "5");
  assert.equal(r.code, 0, r.err);
  const cfg = JSON.parse(fs.readFileSync(path.join(out, "lmdiff.json"), "utf8")) as ProjectConfig;
  assert.equal(cfg.caches.length, 2);
  assert.equal(cfg.comparisons.length, 2);
  assert.deepEqual(cfg.comparisons.map((c) => c.m1).sort(), ["tiny-en", "tiny-en-distil"]);
  for (const c of [...cfg.caches, ...cfg.comparisons]) assert.ok(fs.existsSync(path.join(out, c.file)), c.file);
  const cmp = lmdiff(
    "compare",
    path.join(out, cfg.caches[0].file),
    path.join(out, cfg.caches[1].file),
    "-o",
    path.join(dir, "r.csv"),
    "-n",
    "2",
  );
  assert.equal(cmp.code, 0, cmp.err);
  assert.match(cmp.out, /on small, 3 texts/);
  assert.ok(fs.readFileSync(path.join(dir, "r.csv"), "utf8").startsWith("index,text,n_tokens"));
  // The two models were scored together: a pair cache of their joint measures.
  assert.equal(cfg.pairs?.length, 1);
  const pair = path.join(out, cfg.pairs[0].file);
  const [c1, c2] = cfg.caches.map((c) => path.join(out, c.file));
  const noPair = lmdiff("compare", c1, c2, "--measure", "kl");
  assert.notEqual(noPair.code, 0);
  assert.match(noPair.err, /kl needs both models' full distributions/);
  const withPair = lmdiff("compare", c1, c2, "--pair", pair, "--measure", "kl", "-o", path.join(dir, "rk.csv"));
  assert.equal(withPair.code, 0, withPair.err);
  assert.match(fs.readFileSync(path.join(dir, "rk.csv"), "utf8").split("\n")[0], /kl_mean.*kl_reverse_mean.*js_mean.*tv_mean/);
});

test("lmdiff stats prints the statistics of a preprocess all folder and saves its tables", () => {
  const out = path.join(dir, "out");
  const r = lmdiff(
    "stats",
    out,
    "--resamples",
    "200",
    "--seed",
    "7",
    "-o",
    path.join(dir, "stats.csv"),
    "--per-text",
    path.join(dir, "texts.arrow"),
  );
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^lmdiff stats: tiny-en \(1\) vs tiny-en-distil \(2\) · 3 texts/);
  assert.match(r.out, /200 resamples, seed 7/);
  assert.match(r.out, /Mean KL\(1‖2\)\s+\d/);
  assert.match(r.out, /McNemar/);
  assert.ok(fs.readFileSync(path.join(dir, "stats.csv"), "utf8").startsWith("statistic,value,se,low,high"));
  assert.equal(tableFromIPC(fs.readFileSync(path.join(dir, "texts.arrow"))).numRows, 3);
  assert.equal(lmdiff("stats", out, "--resamples", "200", "--seed", "7").out, r.out, "seeded: the same numbers again");
  assertOneLineError(lmdiff("stats", path.join(dir, "nowhere")), /has no lmdiff\.json/);
  assertOneLineError(lmdiff("stats", out, "--resamples", "0"), /--resamples/);
});

test("every bad input ends with one line on stderr and a non-zero exit", () => {
  assertOneLineError(lmdiff("text", "no-such-model", "tiny-en", "x"), /unknown model "no-such-model"/);
  assertOneLineError(
    lmdiff("text", "tiny-en", "tiny-de", "x", "--measure", "prob_diff"),
    /prob_diff needs the two models to share a tokenizer/,
  );
  assertOneLineError(lmdiff("text", "tiny-en", "tiny-en-distil", "x", "--measure", "foo"), /unknown measure "foo"/);
  assertOneLineError(lmdiff("text", "tiny-en", "tiny-en-distil", "x", "--top-k", "zero"), /invalid --top-k "zero"/);
  assertOneLineError(lmdiff("analyze", "tiny-en", path.join(dir, "missing.txt")), /unknown dataset/);
  const bad = path.join(dir, "bad.txt");
  fs.writeFileSync(bad, "---\nname: bad\nchecksum: 0000\n---\ntext\n");
  assertOneLineError(lmdiff("analyze", "tiny-en", bad), /invalid checksum "0000"/);
  const body = "text\n";
  fs.writeFileSync(bad, `---\nname: bad\nchecksum: ${"0".repeat(64)}\n---\n${body}`);
  assertOneLineError(lmdiff("analyze", "tiny-en", bad), /checksum mismatch/);
  const garbage = path.join(dir, "garbage.arrow");
  fs.writeFileSync(garbage, "garbage");
  assertOneLineError(lmdiff("compare", garbage, garbage), /not an Arrow IPC file/);
});

test("lmdiff analyze writes the same cache with worker threads and with --workers 0", () => {
  const data = path.join(dir, "many.txt");
  fs.writeFileSync(data, Array.from({ length: 500 }, (_, i) => `Line ${i}: a fortune, of sorts, number ${i * 7}.`).join("\n") + "\n");
  const a = lmdiff("analyze", "tiny-en", data, "-o", path.join(dir, "w2.arrow"), "--workers", "2", "--quiet");
  const b = lmdiff("analyze", "tiny-en", data, "-o", path.join(dir, "w0.arrow"), "--workers", "0", "--quiet");
  assert.equal(a.code, 0, a.err);
  assert.equal(b.code, 0, b.err);
  const read = (f: string) => tableFromIPC(fs.readFileSync(path.join(dir, f)));
  const [ta, tb] = [read("w2.arrow"), read("w0.arrow")];
  assert.equal(ta.numRows, tb.numRows);
  for (const col of ["token", "rank"]) assert.deepEqual(ta.getChild(col)!.toArray(), tb.getChild(col)!.toArray(), col);
  const [pa, pb] = [ta.getChild("logprob")!.toArray() as Float32Array, tb.getChild("logprob")!.toArray() as Float32Array];
  for (let i = 0; i < pa.length; i++) assert.ok(Math.abs(pa[i] - pb[i]) <= 1e-5, `logprob row ${i}`);
  assertOneLineError(lmdiff("analyze", "tiny-en", data, "--workers", "-1"), /invalid --workers "-1"/);
});
