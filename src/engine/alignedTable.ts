import { Field, Float64, Int32, makeData, RecordBatch, Schema, Struct, Table, Utf8 } from "apache-arrow";
import { AGGREGATIONS, aggregateAll } from "../core/aggregate.js";
import { charByteLengths } from "../core/alignTokens.js";
import { columnName } from "../core/CorpusData.js";
import type { TokenScores } from "../core/measures.js";
import { alignedBits } from "./alignedBits.js";
import { Utf8Column } from "./Utf8Column.js";
import type { Vocabulary } from "./Vocabulary.js";

/** One document of two caches of different tokenizers. */
export interface AlignedDoc {
  a: { ids: Int32Array; scores: TokenScores };
  b: { ids: Int32Array; scores: TokenScores };
  text: string;
}

/**
 * The ComparisonResults table of two models with different tokenizers:
 * one row per document with index, text, n_tokens (model 1's) and
 * n_tokens_2, bytes (UTF-8), each model's total bits (bits_1, bits_2:
 * −log₂ p summed over its tokens; pseudo-bits for a masked model) and
 * bits per byte, and bits_diff's aggregations over the text's bytes (each
 * character's bits₂ − bits₁ shared evenly by its bytes, so bits_diff_mean
 * is exactly bits_per_byte_2 − bits_per_byte_1).  No standard errors or
 * p-values: per-byte values inside one token are copies of one number, so
 * a test that treats bytes as observations would be far too confident.
 * `metadata` is the results' metadata, to which lmdiff.aligned and each
 * model's scoring are added.
 */
export function alignedTable(
  n: number,
  docs: Iterable<AlignedDoc>,
  vocabularies: [Vocabulary, Vocabulary],
  metadata: Map<string, string>,
  scoring: ["causal" | "masked", "causal" | "masked"],
): Table {
  const index = new Int32Array(n);
  const nTokens = new Int32Array(n);
  const nTokens2 = new Int32Array(n);
  const bytes = new Int32Array(n);
  const texts = new Utf8Column(n);
  const cols: Record<string, Float64Array> = {
    bits_1: new Float64Array(n),
    bits_2: new Float64Array(n),
    bits_per_byte_1: new Float64Array(n),
    bits_per_byte_2: new Float64Array(n),
  };
  for (const g of AGGREGATIONS) cols[columnName("bits_diff", g)] = new Float64Array(n);
  const approximate = [0, 0];
  let d = 0;
  for (const doc of docs) {
    const chars = Array.from(doc.text);
    const charBytes = charByteLengths(chars);
    const x1 = alignedBits(doc.text, doc.a.ids, doc.a.scores.logprob, vocabularies[0], charBytes);
    const x2 = alignedBits(doc.text, doc.b.ids, doc.b.scores.logprob, vocabularies[1], charBytes);
    approximate[0] += x1.spans.approximate;
    approximate[1] += x2.spans.approximate;
    const nb = charBytes.reduce((s, x) => s + x, 0);
    const perByte = new Float64Array(nb);
    let at = 0;
    for (let c = 0; c < chars.length; c++) {
      const v = (x2.bits[c] - x1.bits[c]) / charBytes[c];
      for (let j = 0; j < charBytes[c]; j++) perByte[at++] = v;
    }
    index[d] = d;
    texts.push(doc.text);
    nTokens[d] = doc.a.ids.length;
    nTokens2[d] = doc.b.ids.length;
    bytes[d] = nb;
    cols.bits_1[d] = x1.total;
    cols.bits_2[d] = x2.total;
    cols.bits_per_byte_1[d] = nb > 0 ? x1.total / nb : NaN;
    cols.bits_per_byte_2[d] = nb > 0 ? x2.total / nb : NaN;
    const agg = aggregateAll(perByte);
    for (const g of AGGREGATIONS) cols[columnName("bits_diff", g)][d] = agg[g];
    d++;
  }
  if (d !== n) throw new Error(`${d} documents of ${n}`);
  const ints: [string, Int32Array][] = [
    ["n_tokens", nTokens],
    ["n_tokens_2", nTokens2],
    ["bytes", bytes],
  ];
  const fields = [
    new Field("index", new Int32(), false),
    new Field("text", new Utf8(), false),
    ...ints.map(([name]) => new Field(name, new Int32(), false)),
    ...Object.keys(cols).map((c) => new Field(c, new Float64(), true)),
  ];
  const md = new Map(metadata);
  md.set("lmdiff.aligned", "bytes");
  md.set("lmdiff.model_1_scoring", scoring[0]);
  md.set("lmdiff.model_2_scoring", scoring[1]);
  md.set("lmdiff.approximate_1", String(approximate[0]));
  md.set("lmdiff.approximate_2", String(approximate[1]));
  const schema = new Schema(fields, md);
  const children = [
    makeData({ type: new Int32(), length: n, data: index }),
    texts.data(),
    ...ints.map(([, data]) => makeData({ type: new Int32(), length: n, data })),
    ...Object.values(cols).map((data) => makeData({ type: new Float64(), length: n, data })),
  ];
  return new Table(schema, [new RecordBatch(schema, makeData({ type: new Struct(fields), length: n, children }))]);
}
