import type { Command } from "commander";
import { LmdiffError } from "../core/LmdiffError.js";
import type { LoadOptions } from "../engine/Model.js";
import { parseMemory } from "../engine/memoryBudget.js";
import { checkDtype, DTYPES } from "../engine/onnxDtype.js";
import { downloadProgress } from "./downloadProgress.js";

/** The options of `lmdiff` itself, given before the command name. */
export interface GlobalOptions {
  quiet?: boolean;
}

/** Whether `lmdiff --quiet` was given: no progress bars or notes on stderr. */
export function isQuiet(program: Command): boolean {
  return program.opts<GlobalOptions>().quiet === true;
}

/** The help of `--dtype` on the commands that load one model. */
export const DTYPE_HELP = `precision of the ONNX graph: ${DTYPES.join(", ")} (default fp32; a hub repo's onnx/model_quantized.onnx is q8)`;

/** The help of `--max-memory`. */
export const MAX_MEMORY_HELP =
  "most memory scoring may hold per model, e.g. 8G, 512M or 50% (default 50%): passes are sized to fit, long texts get shorter windows if needed, a model that cannot fit is refused before loading";

/** The help of `--dtype` on the commands that load two models. */
export const DTYPE_PAIR_HELP = `${DTYPE_HELP}; "fp32,q8" gives model 1 and model 2 their own`;

/**
 * What the commands that load models pass to loadModel: the precision
 * (`--dtype D`, or `--dtype D1,D2` for model 1 and model 2, which is how
 * one compares a model with its own quantized export) and a download
 * progress display on stderr for hub models.  One entry per model.
 */
/** The options of remote models (URL#NAME) and of windows, as commander gives them. */
export interface RemoteCliOptions {
  tokenizer?: string;
  concurrency?: string;
  requestTimeout?: string;
  window?: string;
}

/**
 * Add the options of remote models ("URL#NAME") and --window to a command.
 * The API key is read from LMDIFF_API_KEY (else OPENAI_API_KEY) only, never
 * from an option: a command line is visible to every user of the machine.
 */
export function remoteOptions(cmd: Command): Command {
  return cmd
    .option(
      "--tokenizer <spec>",
      "remote models (URL#NAME): the served model's tokenizer, a bundled name or a folder with tokenizer.json (default NAME); the key comes from LMDIFF_API_KEY",
    )
    .option("--concurrency <n>", "remote models: requests in flight per server (default 4)")
    .option("--request-timeout <s>", "remote models: seconds one request may take before it is retried (default 300)")
    .option(
      "--window <n>",
      "longest window of tokens a token is scored with (default: the model's or server's context); longer texts use sliding windows",
    );
}

/** LoadOptions of the remote and window options. */
function remoteLoadOptions(
  o: RemoteCliOptions,
): Pick<LoadOptions, "tokenizer" | "concurrency" | "requestTimeoutMs" | "window" | "onRetry"> {
  const int = (name: string, v: string | undefined, min: number) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min)
      throw new LmdiffError(`invalid ${name} ${JSON.stringify(v)} (expected a whole number ≥ ${min})`, "bad-option");
    return n;
  };
  const timeout = o.requestTimeout === undefined ? undefined : Number(o.requestTimeout);
  if (timeout !== undefined && !(timeout > 0))
    throw new LmdiffError(`invalid --request-timeout ${JSON.stringify(o.requestTimeout)} (expected seconds > 0)`, "bad-option");
  const out = {
    tokenizer: o.tokenizer,
    concurrency: int("--concurrency", o.concurrency, 1),
    requestTimeoutMs: timeout === undefined ? undefined : timeout * 1000,
    window: int("--window", o.window, 2),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

/**
 * A note on stderr when a remote server's request is retried (unreachable,
 * busy, failing), at most one every 10 s: without it a run waiting out a
 * server's restart looks stuck.
 */
function retryNote(quiet: boolean): ((why: string, delayMs: number) => void) | undefined {
  if (quiet) return undefined;
  let last = 0;
  return (why, delayMs) => {
    const now = Date.now();
    if (now - last < 10_000) return;
    last = now;
    process.stderr.write(`\nlmdiff: retrying in ${(delayMs / 1000).toFixed(1)} s: ${why}\n`);
  };
}

export function modelLoadOptions(
  program: Command,
  o: { dtype?: string; maxMemory?: string } & RemoteCliOptions,
  models: 1 | 2,
): Pick<LoadOptions, "dtype" | "onProgress" | "maxMemory" | "tokenizer" | "concurrency" | "requestTimeoutMs" | "window" | "onRetry">[] {
  const remote = { ...remoteLoadOptions(o), onRetry: retryNote(isQuiet(program)) };
  const dtype = o.dtype;
  const maxMemory = o.maxMemory === undefined ? undefined : parseMemory(o.maxMemory);
  const parts = dtype === undefined ? [] : dtype.split(",").map((d) => d.trim());
  if (parts.length > models)
    throw new LmdiffError(
      `invalid --dtype ${JSON.stringify(dtype)} (expected one precision${models === 2 ? ", or two separated by a comma" : ""})`,
      "bad-option",
    );
  return Array.from({ length: models }, (_, i) => ({
    dtype: checkDtype(parts[Math.min(i, parts.length - 1)], "--dtype"),
    onProgress: downloadProgress(isQuiet(program)),
    ...(maxMemory === undefined ? {} : { maxMemory }),
    ...remote,
  }));
}
