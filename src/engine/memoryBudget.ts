import * as os from "node:os";
import { LmdiffError } from "../core/LmdiffError.js";

/** The default memory bound of a scoring run: half the machine's memory. */
export function defaultMaxMemory(total = os.totalmem()): number {
  return Math.floor(total / 2);
}

/**
 * Memory a session of a model holds, from the bytes of its files: the
 * weights (onnxruntime may widen fp16 and repack matrices, hence the
 * margin) and the runtime itself.
 */
export function sessionBytes(fileBytes: number): number {
  return Math.ceil(fileBytes * 1.25) + 64 * 2 ** 20;
}

/**
 * Memory per padded token of a forward pass with the statistics: the
 * float32 logits and the vocabulary-sized tensors the statistics derive
 * from them (log-softmax, comparison, probabilities and their products;
 * see statsGraph), plus the model's own activations, which are small next
 * to a real vocabulary.
 */
export function tokenBytes(vocabSize: number, hidden = 1024): number {
  return 4 * vocabSize * 5 + 4 * hidden * 32;
}

/** The fewest tokens of context a scoring window may be cut to before a model counts as too large for the bound. */
export const MIN_WINDOW = 64;

/**
 * How a model scores within a memory bound: the padded tokens of one pass
 * by default (at most `preferredTokens`) and at most (`maxTokens`), and the
 * longest window (at most the model's context).  Throws before anything is loaded when the weights and one
 * minimal window do not fit: a clear error instead of the machine
 * swapping or the process being killed.
 */
export function memoryPlan(p: {
  name: string;
  fileBytes: number;
  /** Sessions holding the weights: the in-process one and any workers. */
  copies: number;
  vocabSize: number;
  hidden?: number;
  contextLength: number;
  preferredTokens: number;
  maxMemory: number;
}): { batchTokens: number; window: number; maxTokens: number } {
  const weights = sessionBytes(p.fileBytes) * p.copies;
  const perToken = tokenBytes(p.vocabSize, p.hidden);
  // Each copy may run a pass at once.
  const fits = Math.floor((p.maxMemory - weights) / (perToken * p.copies));
  const needed = weights + perToken * p.copies * Math.min(MIN_WINDOW, p.contextLength);
  if (fits < Math.min(MIN_WINDOW, p.contextLength))
    throw new LmdiffError(
      `${p.name} needs about ${gb(needed)} to score (${p.copies > 1 ? `${p.copies} copies of ` : ""}${gb(sessionBytes(p.fileBytes))} of weights and runtime, and a pass of ${Math.min(MIN_WINDOW, p.contextLength)} tokens), more than the memory bound of ${gb(p.maxMemory)}; raise it with --max-memory (maxMemory), use fewer workers, or a smaller variant (--dtype q8)`,
      "too-large",
    );
  return { batchTokens: Math.max(1, Math.min(p.preferredTokens, fits)), window: Math.min(p.contextLength, fits), maxTokens: fits };
}

const gb = (bytes: number) => (bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GB` : `${Math.ceil(bytes / 2 ** 20)} MB`);

/**
 * A memory size from the command line: bytes with an optional binary unit
 * (K, M, G, T, with or without B: "8G", "512MB", "1.5GB") or a percentage
 * of the machine's memory ("50%").
 */
export function parseMemory(s: string, total = os.totalmem()): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%|[kmgt]i?b?|b)?\s*$/i.exec(s);
  if (!m) throw new LmdiffError(`invalid memory size "${s}" (expected e.g. 8G, 512M or 50%)`, "bad-option");
  const n = Number(m[1]);
  const unit = (m[2] ?? "b").toLowerCase();
  const bytes = unit === "%" ? (total * n) / 100 : n * 1024 ** "bkmgt".indexOf(unit[0]);
  if (!(bytes > 0)) throw new LmdiffError(`invalid memory size "${s}" (must be more than 0)`, "bad-option");
  return Math.floor(bytes);
}
