import { forwardFeeds } from "./forwardFeeds.js";
import { int64Array, setInt64 } from "./int64.js";
import type { Model } from "./Model.js";
import type { Row } from "./Row.js";
import { toSpec, type ScoreJob } from "./ScoreJob.js";
import { FUSED_PREFIX } from "./statsGraph.js";

/**
 * The ScoreJob of one batch: its forward-pass feeds and the target of
 * every scored position, as plain data that can cross to a worker.
 *  - Masked models score one (masked) position per row: a fused model
 *    gathers those logits rows in its own graph (the flat row × position
 *    indices go in as lmdiff_pick); an unfused one has the job pick them
 *    and score them with the statistics session.
 *  - Causal models score every position of a row, as the statistics run
 *    over whole logits tensors; positions outside [from, to] (padding, and
 *    history already scored by the previous window) get target 0 and are
 *    never stored.  A fused model takes
 *    the targets and k as extra inputs of its own graph; an unfused one
 *    has its logits scored by the statistics session.
 */
export function batchScoreJob(m: Model, batch: readonly Row[], docs: readonly Int32Array[], k: number): ScoreJob {
  const B = batch.length;
  const T = batch[0].input.length;
  const feeds = Object.fromEntries(Object.entries(forwardFeeds(m, batch)).map(([n, t]) => [n, toSpec(t)]));
  if (m.kind === "masked") {
    const pick = new Int32Array(B);
    const targets = int64Array(B);
    for (let r = 0; r < B; r++) {
      const row = batch[r];
      pick[r] = r * T + row.from;
      setInt64(targets.words, r, docs[row.doc][row.to]);
    }
    if (!m.fused) return { feeds, fused: false, pick, targets: targets.data, k };
    feeds[FUSED_PREFIX + "pick"] = { type: "int64", data: BigInt64Array.from(pick, BigInt), dims: [B] };
    feeds[FUSED_PREFIX + "target"] = { type: "int64", data: targets.data, dims: [B, 1] };
    feeds[FUSED_PREFIX + "k"] = { type: "int64", data: BigInt64Array.of(BigInt(k)), dims: [1] };
    return { feeds, fused: true, k };
  }
  const targets = int64Array(B * T);
  for (let r = 0; r < B; r++) {
    const row = batch[r];
    for (let t = row.from; t <= row.to; t++) setInt64(targets.words, r * T + (t - row.offset - 1), docs[row.doc][t - 1]);
  }
  if (!m.fused) return { feeds, fused: false, targets: targets.data, k };
  feeds[FUSED_PREFIX + "target"] = { type: "int64", data: targets.data, dims: [B, T, 1] };
  feeds[FUSED_PREFIX + "k"] = { type: "int64", data: BigInt64Array.of(BigInt(k)), dims: [1] };
  return { feeds, fused: true, k };
}
