import * as ort from "onnxruntime-node";
import type { Model } from "./Model.js";

/**
 * Empty past_key_values tensors for a batch of B rows, shaped from the
 * session's input metadata (else from config.json), for decoders exported
 * with a cache: scoring runs every pass from the start of its window, so
 * the past is always empty.  Its element type follows the graph (float16
 * in fp16 exports).  Older merged exports also take use_cache_branch,
 * false here.
 */
export function pastFeeds(m: Model, B: number): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  const meta =
    (
      m.session as unknown as {
        inputMetadata?: readonly { name: string; isTensor: boolean; type?: string; shape?: readonly (number | string)[] }[];
      }
    ).inputMetadata ?? [];
  const cfg = m.config;
  const heads = Number(cfg.num_key_value_heads ?? cfg.n_head ?? cfg.num_attention_heads ?? 1);
  const hidden = Number(cfg.n_embd ?? cfg.hidden_size ?? 0);
  const headDim = Number(cfg.head_dim ?? (hidden && heads ? hidden / Number(cfg.n_head ?? cfg.num_attention_heads ?? heads) : 0));
  for (const name of m.inputNames) {
    if (!name.startsWith("past_key_values.")) continue;
    const md = meta.find((x) => x.name === name);
    let dims: number[];
    if (md?.isTensor && md.shape && md.shape.length === 4) {
      dims = md.shape.map((d, i) => (typeof d === "number" ? d : i === 0 ? B : d === "batch_size" ? B : 0));
      dims[0] = B;
      dims[2] = 0;
    } else {
      dims = [B, heads, 0, headDim];
    }
    // fp16 exports (Optimum's model_fp16.onnx) take their past in float16 too.
    feeds[name] =
      md?.type === "float16" ? new ort.Tensor("float16", new Uint16Array(0), dims) : new ort.Tensor("float32", new Float32Array(0), dims);
  }
  if (m.inputNames.includes("use_cache_branch")) feeds.use_cache_branch = new ort.Tensor("bool", Uint8Array.of(0), [1]);
  return feeds;
}
