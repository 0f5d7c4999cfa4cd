import * as ort from "onnxruntime-node";
import { int64Array, setInt64 } from "./int64.js";
import type { Model } from "./Model.js";
import { pastFeeds } from "./pastFeeds.js";
import type { Row } from "./Row.js";

/**
 * The inputs of one forward pass: right-padded ids, the attention mask,
 * positions, token types and empty past tensors, as the session declares
 * them.  The batch's first row is its longest (see batchRows).
 */
export function forwardFeeds(m: Model, batch: readonly Row[]): Record<string, ort.Tensor> {
  const B = batch.length;
  const T = batch[0].input.length;
  const ids = int64Array(B * T);
  const mask = int64Array(B * T);
  for (let r = 0; r < B; r++) {
    const inp = batch[r].input;
    for (let j = 0; j < T; j++) {
      setInt64(ids.words, r * T + j, j < inp.length ? inp[j] : m.padId);
      if (j < inp.length) setInt64(mask.words, r * T + j, 1);
    }
  }
  const feeds: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor("int64", ids.data, [B, T]),
  };
  if (m.inputNames.includes("attention_mask")) feeds.attention_mask = new ort.Tensor("int64", mask.data, [B, T]);
  if (m.inputNames.includes("position_ids")) {
    // Right padding: real tokens sit at 0..len-1; pads repeat the last position.
    const pos = int64Array(B * T);
    for (let r = 0; r < B; r++) {
      const len = batch[r].input.length;
      for (let j = 0; j < T; j++) setInt64(pos.words, r * T + j, Math.min(j, len - 1));
    }
    feeds.position_ids = new ort.Tensor("int64", pos.data, [B, T]);
  }
  if (m.inputNames.includes("token_type_ids")) feeds.token_type_ids = new ort.Tensor("int64", new BigInt64Array(B * T), [B, T]);
  Object.assign(feeds, pastFeeds(m, B));
  return feeds;
}
