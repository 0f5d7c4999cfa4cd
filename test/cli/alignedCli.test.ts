import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, test } from "node:test";
import { CorpusComparison } from "../../src/api/CorpusComparison.ts";
import { isAligned } from "../../src/core/AlignedData.ts";
import type { AlignedTextJSON } from "../../src/core/alignedTextJson.ts";
import { RUN_MAIN } from "../helpers/runMain.ts";

// The CLI on models of different tokenizers, run from the sources (see textCommand.test.ts).
const ROOT = path.join(__dirname, "..", "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-aligned-cli-"));
const env = { ...process.env, LMDIFF_CACHE: path.join(dir, "cache"), FORCE_COLOR: "" };
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function lmdiff(...args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", RUN_MAIN, ...args], {
    encoding: "utf8",
    env,
    cwd: ROOT,
    timeout: 300_000,
    maxBuffer: 64 << 20,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test("lmdiff text M1 M2 TEXT --json of two tokenizers gives bytes, each model's bits and bits per byte, and bits per character", () => {
  const text = "Der Hund schläft.";
  const r = lmdiff("text", "tiny-en", "tiny-de", text, "--json");
  assert.equal(r.code, 0, r.err);
  const j = JSON.parse(r.out) as AlignedTextJSON & { notes: string[]; summary: string };
  assert.equal(j.bytes, Buffer.byteLength(text));
  assert.equal(j.chars.map((c) => c.char).join(""), text);
  const sum = (k: "bits_1" | "bits_2") => j.chars.reduce((s, c) => s + c[k], 0);
  assert.ok(Math.abs(sum("bits_1") - j.bits_1) < 1e-9 && Math.abs(sum("bits_2") - j.bits_2) < 1e-9, "characters' bits sum to the totals");
  assert.ok(Math.abs(j.bits_per_byte_1 - j.bits_1 / j.bytes) < 1e-12);
  assert.ok(j.bits_per_byte_2 < j.bits_per_byte_1, "the German model reads German better");
  assert.ok(Math.abs(j.tokens_1.reduce((s, t) => s + t.bits, 0) - j.bits_1) < 1e-9);
  assert.equal(j.tokens_2[0].topk.length, 10);
  assert.match(j.notes[0], /different tokenizers/);
  assert.match(j.summary, /bits per byte/);
});

test("lmdiff text of two tokenizers colours characters by bits_diff, and says so", () => {
  const r = lmdiff("text", "tiny-en", "tiny-mlm-en", "The dog sleeps.");
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^The dog sleeps\.\n/);
  assert.match(r.out, /bits difference: .*model 1 \(tiny-en\) needs fewer bits/);
  assert.match(r.err, /pseudo-log-likelihoods/);
});

test("lmdiff preprocess all with two tokenizers writes a project whose comparison is on bytes, and lmdiff compare reads its caches", () => {
  const data = path.join(dir, "mixed.txt");
  fs.writeFileSync(
    data,
    ["The early bird catches the worm.", "Der frühe Vogel fängt den Wurm.", "Morgenstund hat Gold im Mund."].join("\n"),
  );
  const out = path.join(dir, "project");
  const p = lmdiff("preprocess", "all", "tiny-en", "tiny-de", data, "--output-dir", out);
  assert.equal(p.code, 0, p.err);
  const c = CorpusComparison.fromProject(out, { m1: "tiny-en", m2: "tiny-de" });
  assert.equal(c.aligned, true);
  assert.equal(c.length, 3);
  const inst = c.instance(1);
  assert.ok(isAligned(inst.data));
  assert.ok(inst.data.total2 < inst.data.total1);
  const caches = fs
    .readdirSync(path.join(out, "caches"))
    .map((f) => path.join(out, "caches", f))
    .sort();
  const cmp = lmdiff("compare", caches[1], caches[0], "-n", "3");
  assert.equal(cmp.code, 0, cmp.err);
  assert.match(cmp.out, /mean bits difference per text/);
  assert.equal(cmp.out.trim().split("\n").length, 4, "the summary and three texts");
  const global = lmdiff("export", "--config", out, "--format", "svg");
  assert.equal(global.code, 0, global.err);
  assert.match(global.out, /bits difference/, "the global view of two tokenizers is over bits_diff");
  const svg = path.join(dir, "gaps.svg");
  const g = lmdiff("gaps", out, "-n", "2", "-o", svg, "--literals", path.join(dir, "literals.csv"));
  assert.equal(g.code, 0, g.err);
  assert.match(g.out, /^Gap report of tiny-en \(model 1\) and tiny-de \(model 2\) over 3 texts/);
  assert.match(g.out, /non-ASCII/);
  assert.match(g.out, /literals where model 1 \(tiny-en\) needs more bits:/);
  assert.ok(fs.readFileSync(svg, "utf8").startsWith("<svg"));
  assert.match(fs.readFileSync(path.join(dir, "literals.csv"), "utf8"), /^literal,kind,occurrences/);
  const bad = lmdiff("gaps", out, "-o", path.join(dir, "gaps.doc"));
  assert.notEqual(bad.code, 0);
  assert.match(bad.err, /^lmdiff: cannot tell the format of .*gaps\.doc \(expected \.svg, \.png, \.html, \.json\)\n$/);
});
