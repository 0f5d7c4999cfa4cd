import type { CorpusPayload } from "../core/corpusJson.js";
import type { AlignedJSON } from "../core/alignedJson.js";
import type { InstanceJSON } from "../core/instanceJson.js";
import type { CorpusMeasure, Measure } from "../core/measures.js";
import type { RankBy } from "../render/renderOptions.js";

/**
 * The data a notebook output carries for its live view, embedded in the
 * output itself (no kernel round trip, no comms: tslab has none), packed
 * as a PackedViewPayload.  `v` is the version of this shape.  A one-text
 * view carries an InstanceJSON, or for two models with different
 * tokenizers an AlignedJSON (`aligned: true`), which the page shows with
 * <lmdiff-aligned-view>.
 */
export type ViewPayload =
  | { v: 1; kind: "instance"; measure: Measure; instance: InstanceJSON | AlignedJSON }
  | {
      v: 1;
      kind: "corpus";
      measure: CorpusMeasure;
      /** How the global view ranks texts; "significance" when absent (outputs made before it existed). */
      rankBy?: RankBy;
      corpus: CorpusPayload;
      /** Corpus index of the text shown under the global view, or null. */
      selected: number | null;
      /** Shown above the view when the corpus has texts whose token data is not embedded. */
      note: string | null;
    };

/** Version of ViewPayload. */
export const VIEW_VERSION = 1;

/**
 * How an output holds its ViewPayload: the payload's JSON, gzipped, in
 * base64 (core/gunzipJson reads it).  gzip roughly halves the texts,
 * tokens and vocabularies around the binary columns; the envelope is a
 * JSON value of its own, so that another MIME type of the same output (a
 * JupyterLab renderer's) could carry it as it is.
 */
export interface PackedViewPayload {
  gzip: string;
}
