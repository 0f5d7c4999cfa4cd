import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { compare, compareCaches } from "../../src/api/compare.ts";
import type { CorpusComparison } from "../../src/api/CorpusComparison.ts";
import { loadDataset } from "../../src/engine/Dataset.ts";
import { tokenLevel } from "../helpers/tokenLevel.ts";

let dir: string;
let joint: CorpusComparison;
const texts = loadDataset("fortunes-en").texts.slice(0, 40);
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-stats-"));
  joint = await compare("tiny-en", "tiny-en-distil", texts, { cacheDir: dir, topK: 5 });
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test("results.stats() of a joint comparison gives mean KL and same top-1 equal to the tokens' own values", () => {
  const s = joint.stats({ resamples: 200 });
  let kl = 0;
  let agree = 0;
  let n = 0;
  for (let i = 0; i < joint.length; i++) {
    const d = joint.instance(i);
    const pair = tokenLevel(d.data).pair!;
    const same = d.measure("top1_agree");
    for (let t = 0; t < d.length; t++, n++) {
      kl += pair.kl[t];
      agree += same[t];
    }
  }
  assert.equal(s.report.tokens, n);
  assert.ok(Math.abs(s.report.kl!.estimate - kl / n) < 1e-9);
  assert.ok(Math.abs(s.report.sameTop1.estimate - agree / n) < 1e-12);
  assert.ok(s.report.kl!.low <= s.report.kl!.estimate && s.report.kl!.estimate <= s.report.kl!.high);
  assert.match(s.toString(), /Mean KL\(1‖2\)/);
  const table = s.toTable();
  assert.deepEqual(table.schema.fields.map((f) => f.name).slice(0, 5), ["statistic", "value", "se", "low", "high"]);
  assert.equal(s.perText().numRows, texts.length);
});

test("results.stats() is seeded: the same seed gives the same intervals, another seed others", () => {
  const [a, b, c] = [
    joint.stats({ seed: 1, resamples: 200 }),
    joint.stats({ seed: 1, resamples: 200 }),
    joint.stats({ seed: 2, resamples: 200 }),
  ];
  assert.deepEqual(a.report.lnPplRatio, b.report.lnPplRatio);
  assert.notDeepEqual(a.report.lnPplRatio.low, c.report.lnPplRatio.low);
});

test("results.stats() of two caches without their pair cache says KL needs a joint run, and reports the rest", () => {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".arrow") && !f.endsWith(".pair.arrow"))
    .sort();
  assert.equal(files.length, 2);
  const plain = compareCaches(path.join(dir, files[0]), path.join(dir, files[1]));
  assert.equal(plain.joint, false);
  const s = plain.stats({ resamples: 100 });
  assert.equal(s.report.kl, null);
  assert.match(s.toString(), /preprocess all/);
  assert.throws(() => plain.values("kl"), /kl needs both models' full distributions/);
  assert.equal(plain.values("top1_agree").length, texts.length);
});
