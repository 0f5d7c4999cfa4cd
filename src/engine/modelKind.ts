import type { ModelKind } from "./Model.js";

/**
 * Decoder-only architectures whose ONNX exports share GPT-2's I/O.  Those
 * of test/fixtures/arch (gpt2, gpt_neox, llama, mistral, qwen2, qwen3,
 * phi3, gemma, gemma2, gemma3_text, olmo, olmo2, granite) are checked
 * against transformers' own scores by test/engine/architectures.test.ts.
 * gemma3_text is Gemma 3's text-only model (Gemma3ForCausalLM); "gemma3"
 * names the multimodal model, whose exports are split into several graphs,
 * and is not listed.
 */
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
  "gemma3_text",
  "olmo",
  "olmo2",
  "opt",
  "bloom",
  "falcon",
  "stablelm",
  "starcoder2",
  "granite",
]);

/**
 * Encoder architectures trained with masked language modelling.  bert,
 * distilbert, roberta, xlm-roberta, modernbert and deberta-v2 are checked
 * against transformers by test/engine/architectures.test.ts.
 */
export const MASKED_TYPES: ReadonlySet<string> = new Set([
  "bert",
  "distilbert",
  "roberta",
  "xlm-roberta",
  "camembert",
  "albert",
  "electra",
  "mpnet",
  "modernbert",
  "deberta-v2",
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
