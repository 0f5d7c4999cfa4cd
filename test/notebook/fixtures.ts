import { Schema, Table, tableFromArrays } from "apache-arrow";
import type { InstanceData } from "../../src/core/InstanceData.js";
import { CorpusComparison } from "../../src/api/CorpusComparison.js";
import { InstanceComparison } from "../../src/api/InstanceComparison.js";
import { fixtureCorpus } from "../fixtures/corpus.js";
import { fixtureInstance } from "../fixtures/instance.js";

/** Text that must not break out of a <script> or an HTML comment, nor end a JavaScript line. */
export const NASTY = "</script><script>window.__pwned = 1</script><!-- \u2028\u2029 -->";

/** The fixture instance, with NASTY in its text and in one token. */
export function nastyInstance(): InstanceData {
  const d = fixtureInstance();
  const tokens = [...d.tokens];
  tokens[1] = NASTY;
  return { ...d, text: d.text + NASTY, tokens };
}

export const nastyComparison = () => new InstanceComparison(nastyInstance());

/**
 * A CorpusComparison over the fixture corpus without analysis caches (so
 * no text can be opened token by token), built as the engine builds its
 * results table: one row per text, aggregates as float64 columns, the
 * models and corpus named in the schema's metadata.
 */
export function fixtureCorpusComparison(): CorpusComparison {
  const c = fixtureCorpus();
  const t = tableFromArrays({ index: c.index, text: c.text, n_tokens: c.nTokens, ...c.values });
  const md = new Map([
    ["lmdiff.model_1", c.models[0].name],
    ["lmdiff.model_2", c.models[1].name],
    ["lmdiff.dataset", c.dataset],
  ]);
  return new CorpusComparison(new Table(new Schema(t.schema.fields, md), t.batches));
}
