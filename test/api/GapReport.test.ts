import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, test } from "node:test";
import { inspect } from "node:util";
import { GapReport } from "../../src/api/GapReport.ts";
import type { AlignedData } from "../../src/core/AlignedData.ts";
import type { GapDoc } from "../../src/core/gapReport.ts";
import { buildAligned, type AlignedInput } from "../../src/engine/buildAligned.ts";
import { loadModel } from "../../src/engine/Model.ts";
import { scoreTexts } from "../../src/engine/scoreTexts.ts";
import type { JUPYTER_DISPLAY } from "../../src/notebook/NotebookView.ts";
import { gapReportSVG } from "../../src/render/gapReportFigure.ts";
import { assertOneLineError } from "../export/snapshot.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-gap-report-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
// The registered symbol that Deno's kernel looks up, typed as the key the class declares its method under.
const JUPYTER: typeof JUPYTER_DISPLAY = Symbol.for("Jupyter.display") as typeof JUPYTER_DISPLAY;

function doc(index: number, text: string, bits1: number, bits2: number): GapDoc {
  const chars = Array.from(text);
  return {
    index,
    text,
    chars,
    charBytes: Uint8Array.from(chars, (c) => Buffer.byteLength(c)),
    bits1: new Float64Array(chars.length).fill(bits1),
    bits2: new Float64Array(chars.length).fill(bits2),
  };
}

const MODELS = [
  { name: "en", spec: "tiny-en" },
  { name: "de", spec: "tiny-de" },
] as const;
const DOCS = [doc(0, "Hello world, see https://x.org.", 2, 3), doc(1, "", 0, 0), doc(2, "Grüße <b>&</b> 42", 4, 1)];
const report = GapReport.fromDocs(DOCS, MODELS);

test("GapReport.fromDocs takes models and scoring from the texts, from its arguments, or defaults", () => {
  assert.deepEqual(report.models, MODELS);
  assert.deepEqual(report.scoring, ["causal", "causal"]);
  const plain = GapReport.fromDocs(DOCS);
  assert.deepEqual(
    plain.models.map((m) => m.name),
    ["model 1", "model 2"],
  );
  const sides = [{ scoring: "causal" }, { scoring: "masked" }] as const;
  const carried = GapReport.fromDocs(DOCS.map((d) => ({ ...d, models: MODELS, sides })));
  assert.deepEqual(carried.models, MODELS);
  assert.deepEqual(carried.scoring, ["causal", "masked"]);
  assert.deepEqual(GapReport.fromDocs(DOCS, null, { scoring: ["masked", "causal"] }).scoring, ["masked", "causal"]);
  assertOneLineError(() => GapReport.fromDocs(DOCS, null, { scoring: ["pll", "causal"] as never }), /invalid scoring \["pll","causal"\]/);
  assertOneLineError(() => GapReport.fromDocs(DOCS, null, { top: 1.5 }), /invalid top 1\.5/);
});

test("GapReport.buckets is one row per bucket with NaN as null and the models in the schema metadata", () => {
  const t = report.buckets;
  assert.equal(t.numRows, 6);
  assert.deepEqual(
    t.schema.fields.map((f) => f.name),
    ["bucket", "bytes", "chars", "bits_1", "bits_2", "bpb_1", "bpb_2", "gap", "gap_bpb", "share", "abs_share"],
  );
  assert.deepEqual(t.getChild("bucket")!.toArray(), ["words", "whitespace", "punctuation", "digits", "non_ascii", "url"]);
  const bytes = t.getChild("bytes")!.toArray() as Float64Array;
  const bpb1 = t.getChild("bpb_1")!;
  for (let i = 0; i < t.numRows; i++) if (bytes[i] === 0) assert.equal(bpb1.get(i), null);
  const total = (t.getChild("bits_1")!.toArray() as Float64Array).reduce((s, x) => s + x, 0);
  assert.equal(total, report.data.totals.bits_1);
  assert.equal(t.schema.metadata.get("lmdiff.format"), "lmdiff-gap-buckets/1");
  assert.equal(t.schema.metadata.get("lmdiff.model_2"), "de");
  assert.equal(t.schema.metadata.get("lmdiff.scoring_1"), "causal");
  assert.equal(report.buckets, t, "built once");
});

test("GapReport.literals holds every kept literal, largest |gap| first, and GapReport.texts one row per text", () => {
  const l = report.literals;
  assert.equal(l.numRows, report.data.literals.kept);
  assert.deepEqual(l.schema.fields.map((f) => f.name).slice(0, 3), ["literal", "kind", "occurrences"]);
  const gaps = (l.getChild("gap")!.toArray() as Float64Array).map(Math.abs);
  for (let i = 1; i < gaps.length; i++) assert.ok(gaps[i - 1] >= gaps[i]);
  assert.equal(l.get(0)!.literal, "Grüße");
  const t = report.texts;
  assert.equal(t.numRows, 3);
  assert.equal(String(t.schema.fields[0].type), "Int32");
  assert.deepEqual(Array.from(t.getChild("index")!.toArray() as Int32Array), [0, 1, 2]);
  assert.equal(t.get(1)!.bpb_1, null);
  const empty = GapReport.fromDocs([]);
  assert.deepEqual([empty.buckets.numRows, empty.literals.numRows, empty.texts.numRows], [6, 0, 0]);
});

test("GapReport.summary names the models, the bits per byte, where the gap lies and the top literals", () => {
  const s = report.summary();
  assert.match(s, /^Gap report of en \(model 1\) and de \(model 2\) over 3 texts, \d+ bytes: /);
  assert.match(s, /bits per byte, gap [+−][\d.]+ bpb/);
  assert.match(s, /The gap concentrates in /);
  assert.match(s, /Model 1 needs the most extra bits on "Grüße"/);
  assert.match(s, /Per text, model 1 needs more bits per byte on 1 and model 2 on 1\./);
  assert.doesNotMatch(s, /pseudo/);
  const masked = GapReport.fromDocs(DOCS, MODELS, { scoring: ["causal", "masked"] }).summary();
  assert.match(masked, /de \(model 2\), masked: pseudo-bits,/);
  assert.match(masked, /pseudo-log-likelihood/);
  assert.equal(GapReport.fromDocs([]).summary(), "Gap report of model 1 and model 2 over 0 texts: no bytes, nothing to compare.");
});

test("GapReport.toSVG is the render core's figure, and saveSVG and savePNG write it with no temporary file left", () => {
  assert.equal(
    report.toSVG({ width: 600 }),
    gapReportSVG({ report: report.data, models: MODELS, scoring: ["causal", "causal"] }, { width: 600 }),
  );
  const svg = path.join(dir, "gap.svg");
  report.saveSVG(svg, { width: 600 });
  assert.equal(fs.readFileSync(svg, "utf8"), report.toSVG({ width: 600 }));
  const png = path.join(dir, "gap.png");
  report.savePNG(png, { width: 500, scale: 1 });
  const b = fs.readFileSync(png);
  assert.equal(b.subarray(1, 4).toString(), "PNG");
  assert.equal(b.readUInt32BE(16), 500);
  assert.deepEqual(
    fs.readdirSync(dir).filter((f) => f.endsWith(".tmp")),
    [],
  );
  assertOneLineError(() => report.savePNG(path.join(dir, "x.png"), { dpi: 1 }), /invalid dpi 1/);
  assertOneLineError(() => report.toSVG({ width: 10 }), /invalid width 10/);
});

test("GapReport.toMimeBundle gives the summary, HTML with the figure and escaped tables, and the SVG", () => {
  const b = report.toMimeBundle();
  assert.deepEqual(Object.keys(b), ["text/plain", "text/html", "image/svg+xml"]);
  assert.equal(b["text/plain"], report.summary());
  assert.equal(b["image/svg+xml"], report.toSVG());
  const html = b["text/html"]!;
  assert.ok(html.includes(report.toSVG()));
  assert.match(html, /<caption>Literals where model 1 \(en\) needs more bits<\/caption>/);
  assert.match(html, /&lt;b&gt;/);
  assert.doesNotMatch(html.replace(report.toSVG(), ""), /<b>/);
  assert.deepEqual(report[JUPYTER](), b);
  const amp = GapReport.fromDocs(DOCS, [
    { name: "a&b", spec: "" },
    { name: "c", spec: "" },
  ]).toMimeBundle()["text/html"]!;
  assert.match(amp, /needs more bits \(a&amp;b\)|model 1 \(a&amp;b\)/);
  assert.doesNotMatch(amp, /&amp;amp;/);
});

test("GapReport.toJSON is plain JSON without the per-literal and per-text columns", () => {
  const j = JSON.parse(JSON.stringify(report)) as Record<string, unknown>;
  assert.equal(j.format, "lmdiff-gap-report/1");
  assert.deepEqual(j.models, MODELS);
  const texts = j.texts as Record<string, unknown>;
  assert.deepEqual([texts.model1WorseCount, texts.model2WorseCount, texts.tieCount], [1, 1, 1]);
  assert.equal("all" in texts, false);
  assert.equal("all" in (j.literals as object), false);
  const buckets = j.buckets as { bucket: string; bpb_1: number | null }[];
  assert.equal(buckets.length, 6);
  assert.equal(buckets.find((x) => x.bucket === "url")!.bpb_1, 2);
});

test("inspecting a GapReport prints its summary", () => {
  assert.equal(inspect(report), `GapReport: ${report.summary()}\n(call .show() to display the figure)`);
});

// Real models: tiny-en (English) and tiny-de (German) have different tokenizers, so they are compared on bytes.

test("on tiny-en and tiny-de, the report shows tiny-de better on German texts and tiny-en better on English ones", async () => {
  const texts = [
    "The weather is nice today and we are going to the park with the children.",
    "Das Wetter ist heute schön und wir gehen mit den Kindern in den Park.",
    "She said that the house was very old, but the garden was beautiful.",
    "Sie sagte, dass das Haus sehr alt sei, aber der Garten war wunderschön.",
  ];
  const inputs: AlignedInput[][] = [];
  for (const name of ["tiny-en", "tiny-de"]) {
    const m = await loadModel(name, { workers: 0 });
    try {
      const ids = texts.map((t) => m.encode(t));
      const scores = await scoreTexts(m, ids, { k: 5 });
      inputs.push(
        ids.map((x, i) => ({ label: { name, spec: name }, scoring: m.kind, ids: x, scores: scores[i], k: 5, vocabulary: m.vocabulary })),
      );
    } finally {
      await m.dispose();
    }
  }
  const docs: AlignedData[] = texts.map((t, i) => buildAligned(i, t, inputs[0][i], inputs[1][i]));
  const r = GapReport.fromDocs(docs);
  assert.deepEqual(
    r.models.map((m) => m.name),
    ["tiny-en", "tiny-de"],
  );
  // tiny-en (model 1) needs more bits per byte on the German texts, tiny-de (model 2) on the English ones.
  assert.deepEqual(r.data.texts.model1Worse.map((t) => t.index).sort(), [1, 3]);
  assert.deepEqual(r.data.texts.model2Worse.map((t) => t.index).sort(), [0, 2]);
  // The umlauts are where tiny-en loses most per byte.
  const nonAscii = r.data.buckets.find((b) => b.bucket === "non_ascii")!;
  assert.ok(nonAscii.gap_bpb < 0);
  assert.ok(r.data.literals.model1Worse.some((l) => /ö/.test(l.literal)));
  assert.ok(r.data.literals.model2Worse.some((l) => /^[a-z]+$/i.test(l.literal)));
  // The report's totals are the texts' total surprisals.
  const total = (k: "total1" | "total2") => docs.reduce((s, d) => s + d[k], 0);
  assert.ok(Math.abs(r.data.totals.bits_1 - total("total1")) < 1e-6);
  assert.ok(Math.abs(r.data.totals.bits_2 - total("total2")) < 1e-6);
  const png = path.join(dir, "real.png");
  r.savePNG(png);
  assert.ok(fs.statSync(png).size > 10_000);
});
