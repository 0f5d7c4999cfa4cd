import type { ModelKind } from "./Model.js";

/** Decoder-only architectures whose ONNX exports share GPT-2's I/O. */
export const CAUSAL_TYPES: ReadonlySet<string> = new Set([
  "gpt2",
  "gpt_neo",
  "gptj",
  "gpt_neox",
  "gpt_bigcode",
  "codegen",
  "llama",
  "mistral",
  "qwen2",
  "qwen3",
  "phi",
  "phi3",
  "gemma",
  "gemma2",
  "olmo",
  "opt",
  "bloom",
  "falcon",
  "stablelm",
  "starcoder2",
  "granite",
]);

/** Encoder architectures trained with masked language modelling. */
export const MASKED_TYPES: ReadonlySet<string> = new Set([
  "bert",
  "distilbert",
  "roberta",
  "xlm-roberta",
  "camembert",
  "albert",
  "electra",
  "mpnet",
]);

/**
 * The kind of a config.json `model_type`, or null for an architecture
 * lmdiff does not read.  The kind comes from the name alone, never from a
 * guess at the graph: scoring a model as the wrong kind gives plausible but
 * meaningless numbers.
 */
export function modelKind(modelType: string): ModelKind | null {
  if (CAUSAL_TYPES.has(modelType)) return "causal";
  if (MASKED_TYPES.has(modelType)) return "masked";
  return null;
}
