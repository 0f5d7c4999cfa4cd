import type { CorpusData } from "../core/CorpusData.js";
import type { InstanceData } from "../core/InstanceData.js";

/**
 * Tell a corpus from one text by shape (per-document value columns and no
 * tokens), so callers can pass either without a wrapper type.
 */
export function isCorpusData(d: InstanceData | CorpusData): d is CorpusData {
  return d !== null && typeof d === "object" && "values" in d && "index" in d && !("tokens" in d);
}
