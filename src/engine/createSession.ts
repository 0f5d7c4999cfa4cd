import * as ort from "onnxruntime-node";

/**
 * Where a session's model comes from: a file path, or graph bytes whose
 * weights are external-data references (see weightsByReference) relative
 * to `folder`.  Plain data, so that it can be sent to a worker thread.
 */
export type ModelSource = string | { bytes: Uint8Array; folder: string };

/**
 * An onnxruntime session of a model source with `threads` intra-op
 * threads.  The same options on the main thread and in every scoring
 * worker, so that both compute exactly the same numbers.
 */
export function createSession(source: ModelSource, threads: number): Promise<ort.InferenceSession> {
  const options: ort.InferenceSession.SessionOptions = {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: "all",
    // Every pass has its own shape (rows × padded length), and onnxruntime
    // keeps a planned memory block per input shape it has seen, in an arena
    // that never shrinks: a 150k-vocabulary model reached 2.6 GB instead of
    // 1.6 GB over 100 texts, and no faster (bench/realSize.bench.ts).
    enableMemPattern: false,
  };
  if (typeof source === "string") return ort.InferenceSession.create(source, options);
  // Graph bytes: their external weights are found in `folder` (onnxruntime
  // would otherwise look in the current directory).
  options.extra = { session: { model_external_initializers_file_folder_path: source.folder } };
  return ort.InferenceSession.create(source.bytes, options);
}
