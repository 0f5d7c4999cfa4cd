import { LmdiffError } from "../core/LmdiffError.js";

/**
 * The precisions a hub repo ships its ONNX graph in, and the file-name
 * suffix of each, as transformers.js names them: onnx/model.onnx is fp32,
 * onnx/model_quantized.onnx q8, onnx/model_q4f16.onnx q4f16, and the same
 * suffixes on the decoder_model_merged files of older exports.  Choosing by
 * dtype lets a user say "the 8-bit one" without knowing the file layout.
 */
export const DTYPE_SUFFIX = {
  fp32: "",
  fp16: "_fp16",
  q8: "_quantized",
  int8: "_int8",
  uint8: "_uint8",
  q4: "_q4",
  q4f16: "_q4f16",
  bnb4: "_bnb4",
} as const;

export type Dtype = keyof typeof DTYPE_SUFFIX;

export const DTYPES = Object.keys(DTYPE_SUFFIX) as Dtype[];

/**
 * The graph files of a model folder without their precision suffix, in the
 * order lmdiff looks: Optimum's export, the merged and plain decoders of
 * older exports, then a graph at the top of the folder.
 */
const GRAPH_STEMS = ["onnx/model", "onnx/decoder_model_merged", "onnx/decoder_model", "model"] as const;

export const isDtype = (v: unknown): v is Dtype => typeof v === "string" && Object.hasOwn(DTYPE_SUFFIX, v);

/** A dtype option checked: undefined stays undefined, anything else must be one of DTYPES. */
export function checkDtype(v: unknown, option = "dtype"): Dtype | undefined {
  if (v === undefined) return undefined;
  if (isDtype(v)) return v;
  throw new LmdiffError(`invalid ${option} ${JSON.stringify(v)} (expected one of ${DTYPES.join(", ")})`, "bad-option");
}

/** The graph files of one precision, relative to the model folder, in the order lmdiff looks. */
export const dtypeCandidates = (dtype: Dtype): string[] => GRAPH_STEMS.map((stem) => `${stem}${DTYPE_SUFFIX[dtype]}.onnx`);

/** Every graph file name lmdiff knows, with its precision (for listing what a folder or repo has). */
export const ALL_VARIANTS: readonly { file: string; dtype: Dtype }[] = DTYPES.flatMap((dtype) =>
  dtypeCandidates(dtype).map((file) => ({ file, dtype })),
);

/**
 * The one-line error for a precision a model lacks, listing those it has,
 * so that the fix (another --dtype) is in the message.
 */
export function missingDtypeError(model: string, dtype: Dtype, present: readonly Dtype[]): LmdiffError {
  const have = [...new Set(present)];
  return new LmdiffError(
    have.length
      ? `${model} has no ${dtype} ONNX file (looked for ${dtypeCandidates(dtype)[0]} and the decoder_model files); it has ${have.join(", ")}: pass --dtype ${have[0]}${have.length > 1 ? ` (or ${have.slice(1).join(", ")})` : ""}`
      : `${model} has no ONNX file (looked for ${dtypeCandidates(dtype).join(", ")} and the other precisions ${DTYPES.filter((d) => d !== dtype).join(", ")})`,
    "not-found",
    404,
  );
}
