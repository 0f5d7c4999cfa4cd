import { ONE_SESSION_BYTES } from "./defaultWorkers.js";

/**
 * Padded tokens per forward pass by default, before the memory bound (see
 * memoryPlan) has its say.
 *
 * Small models (scored by one single-threaded worker per core): about 4 MB
 * of logits, but never less than one full context.  The statistics fused
 * into the graph stream over the logits several times, so they run fastest
 * while the logits stay in cache: profiled per operator in one onnxruntime
 * thread, model plus statistics took 631 ms at 256 tokens per pass, 691 ms
 * at 1,024 and 815 ms at 2,048 for the same 300 texts.
 *
 * Real-size models (ONE_SESSION_BYTES and more, one multi-threaded
 * session): the matrix products dominate and want a few hundred rows to
 * keep every core busy, while the vocabulary-sized tensors of the
 * statistics (about five per token) should stay near 256 MB: about 250
 * tokens for GPT-2's 50,257 entries, 85 for a 150k vocabulary.
 */
export function defaultBatchTokens(m: { contextLength: number; vocabSize: number; fileBytes?: number }): number {
  if ((m.fileBytes ?? 0) >= ONE_SESSION_BYTES) return Math.max(32, Math.min(8192, Math.floor(2 ** 28 / (20 * m.vocabSize))));
  return Math.max(m.contextLength, Math.min(8192, Math.floor(2 ** 22 / (4 * m.vocabSize))));
}
