import type { CorpusPayload } from "../core/corpusJson.js";
import type { InstanceJSON } from "../core/instanceJson.js";
import type { DiffMeasure, Measure } from "../core/measures.js";

/**
 * The data a notebook output carries for its live view, embedded as JSON in
 * the output itself (no kernel round trip, no comms: tslab has none).  `v`
 * is the version of this shape; the element's tag carries the same number,
 * so an old output on a page never meets a newer element that reads it
 * differently.
 */
export type ViewPayload =
  | { v: 1; kind: "instance"; measure: Measure; instance: InstanceJSON }
  | {
      v: 1;
      kind: "corpus";
      measure: DiffMeasure;
      corpus: CorpusPayload;
      /** Corpus index of the text shown under the global view, or null. */
      selected: number | null;
      /** Shown above the view when the corpus has texts whose token data is not embedded. */
      note: string | null;
    };

/** Version of ViewPayload and suffix of the element's tag. */
export const VIEW_VERSION = 1;
