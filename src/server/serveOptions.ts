import { LmdiffError } from "../core/LmdiffError.js";
import { maybeInt } from "../core/options.js";
import { parseMemory } from "../engine/memoryBudget.js";
import { checkDtype, type Dtype } from "../engine/onnxDtype.js";

/** `lmdiff serve`'s settings, validated. */
export interface ServeOptions {
  /** A folder written by `lmdiff preprocess all` (lmdiff.json). */
  config?: string;
  /** Live analysis only: the two models. */
  m1?: string;
  m2?: string;
  host: string;
  /** 0 picks any free port. */
  port: number;
  /** Live analyses allowed to wait (429 beyond). */
  queueSize: number;
  /** Seconds a live analysis may take, waiting included. */
  timeLimit: number;
  /** Longest text for live analysis, in characters (413 beyond). */
  maxText: number;
  /** onnxruntime threads per model (default all cores). */
  threads?: number;
  /** Live analysis only: the precision of model 1 and model 2 (`--dtype q8` or `--dtype fp32,q8`). */
  dtypes?: [Dtype | undefined, Dtype | undefined];
  /** The memory bound per model, in bytes (`--max-memory`). */
  maxMemory?: number;
  /** Remote models (--m1/--m2 URL#NAME): their tokenizer (`--tokenizer`). */
  tokenizer?: string;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/**
 * Validate `lmdiff serve`'s options in one place, with one-line messages
 * naming the option: --config and --m1/--m2 exclude each other, and
 * --m1 needs --m2.
 */
export function serveOptions(raw: Record<string, unknown>): ServeOptions {
  const config = str(raw.config);
  const m1 = str(raw.m1);
  const m2 = str(raw.m2);
  if (config && (m1 || m2)) throw new LmdiffError("use either --config DIR or --m1 and --m2, not both", "bad-option");
  if (!m1 !== !m2) throw new LmdiffError(`--${m1 ? "m2" : "m1"} is missing (live analysis needs both --m1 and --m2)`, "bad-option");
  const host = str(raw.host) ?? "127.0.0.1";
  if (!/^[\w.:-]+$/.test(host))
    throw new LmdiffError(`invalid --host ${JSON.stringify(raw.host)} (expected a host name or IP address)`, "bad-option");
  return {
    config,
    m1,
    m2,
    host,
    port: maybeInt("--port", raw.port, 8000, 0, 65535),
    queueSize: maybeInt("--queue-size", raw.queueSize, 16, 0, 10_000),
    timeLimit: maybeInt("--time-limit", raw.timeLimit, 30, 1, 3600),
    maxText: maybeInt("--max-text", raw.maxText, 20_000, 1, 10_000_000),
    threads: raw.threads === undefined ? undefined : maybeInt("--threads", raw.threads, 0, 1, 1024),
    dtypes: dtypes(str(raw.dtype), Boolean(m1)),
    maxMemory: str(raw.maxMemory) === undefined ? undefined : parseMemory(str(raw.maxMemory)!),
    ...(str(raw.tokenizer) ? { tokenizer: str(raw.tokenizer) } : {}),
  };
}

/** `--dtype D` or `--dtype D1,D2`, for live analysis only (a preprocessed folder records each model's graph). */
function dtypes(raw: string | undefined, live: boolean): ServeOptions["dtypes"] {
  if (raw === undefined) return undefined;
  if (!live)
    throw new LmdiffError(
      "--dtype applies to --m1/--m2; a preprocessed folder serves each model in the precision it was analysed in",
      "bad-option",
    );
  const parts = raw.split(",").map((d) => d.trim());
  if (parts.length > 2)
    throw new LmdiffError(`invalid --dtype ${JSON.stringify(raw)} (expected one precision, or two separated by a comma)`, "bad-option");
  return [checkDtype(parts[0], "--dtype"), checkDtype(parts[parts.length - 1], "--dtype")];
}
