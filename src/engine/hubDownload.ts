import * as fs from "node:fs";
import * as path from "node:path";
import { downloadFile } from "@huggingface/hub";
import { isLmdiffError, LmdiffError } from "../core/LmdiffError.js";
import { atomicWriteFileSync } from "./atomicWrite.js";
import { ONNX_CANDIDATES } from "./onnxFiles.js";
import { cacheDir } from "./paths.js";
import { timedFetch } from "./timedFetch.js";

export interface HubOptions {
  revision?: string;
  /** The hub's base URL; default $HF_ENDPOINT, else @huggingface/hub's default. */
  hubUrl?: string;
  /** Where downloads are kept; default cacheDir()/hub. */
  cacheDir?: string;
  /** ONNX file inside the repo, e.g. "onnx/model_quantized.onnx". */
  onnxFile?: string;
  accessToken?: string;
  /** Called with each file name as its download starts. */
  onFile?: (file: string) => void;
  /**
   * How long, in milliseconds, a hub request may wait for the response
   * headers, and how long a downloading body may go without receiving
   * data, before the download fails.  Default: $LMDIFF_HUB_TIMEOUT (in
   * seconds), else 30 s.  The limit is not on a whole download: a large
   * file that keeps arriving may take as long as it needs.
   */
  timeoutMs?: number;
}

/** The default of HubOptions.timeoutMs. */
export const DEFAULT_HUB_TIMEOUT_MS = 30_000;

/** HubOptions.timeoutMs, else $LMDIFF_HUB_TIMEOUT in seconds, else the default; a bad value is an error. */
function hubTimeoutMs(option: number | undefined): number {
  if (option !== undefined) {
    if (typeof option === "number" && Number.isFinite(option) && option > 0) return option;
    throw new LmdiffError(`invalid timeoutMs ${JSON.stringify(option)} (expected a number of milliseconds > 0)`, "bad-option");
  }
  const env = process.env.LMDIFF_HUB_TIMEOUT;
  if (env === undefined || env.trim() === "") return DEFAULT_HUB_TIMEOUT_MS;
  const seconds = Number(env);
  if (Number.isFinite(seconds) && seconds > 0) return seconds * 1000;
  throw new LmdiffError(`invalid LMDIFF_HUB_TIMEOUT ${JSON.stringify(env)} (expected a number of seconds > 0)`, "bad-option");
}

const HUB_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

/** Whether a model spec looks like a hub id ("owner/name"). */
export const isHubId = (spec: string): boolean => HUB_ID.test(spec) && !spec.includes("..");

/**
 * Download a hub model once into the local cache and return its folder.
 * A folder with a `.lmdiff-complete` marker is used as it is, without any
 * network access, so a model downloaded once loads offline afterwards.
 * Each file is written atomically; an interrupted download leaves no
 * half-file and the next call fetches what is missing.  Every request has
 * a time limit (HubOptions.timeoutMs), so a hub that stops answering
 * fails the download with a one-line error instead of hanging.
 */
export async function downloadHubModel(id: string, opts: HubOptions = {}): Promise<string> {
  const revision = opts.revision ?? "main";
  const root = opts.cacheDir ?? path.join(cacheDir(), "hub");
  const dir = path.join(root, id.replace("/", "--"), revision.replace(/[^\w.-]/g, "_"));
  const marker = path.join(dir, ".lmdiff-complete");
  if (fs.existsSync(marker)) return dir;
  const hubUrl = opts.hubUrl ?? process.env.HF_ENDPOINT ?? undefined;
  const accessToken = opts.accessToken ?? process.env.HF_TOKEN ?? undefined;
  const fetch = timedFetch(hubTimeoutMs(opts.timeoutMs));

  const fetchOne = async (file: string, required: boolean): Promise<boolean> => {
    const target = path.join(dir, file);
    if (fs.existsSync(target)) return true;
    opts.onFile?.(file);
    let data: Uint8Array | null;
    try {
      const blob = await downloadFile({ repo: { type: "model", name: id }, path: file, revision, hubUrl, accessToken, xet: false, fetch });
      // The blob is fetched lazily: reading it is part of the download and
      // fails the same way, before anything is written.
      data = blob ? new Uint8Array(await blob.arrayBuffer()) : null;
    } catch (e) {
      const msg = (e as Error).message.replace(/^lmdiff: /, "").split("\n")[0];
      if (isLmdiffError(e) && e.code === "timeout")
        throw new LmdiffError(`cannot download ${file} of ${id}: ${msg} (set LMDIFF_HUB_TIMEOUT to wait longer)`, "download-timeout", 504);
      if (!required && /not found|404/i.test(msg)) return false;
      throw new LmdiffError(`cannot download ${file} of ${id}: ${msg}`, "download-failed", 502);
    }
    if (!data) {
      if (required) throw new LmdiffError(`${id} has no ${file} (is it an ONNX export in the Hugging Face layout?)`, "not-found", 404);
      return false;
    }
    atomicWriteFileSync(target, data);
    return true;
  };

  await fetchOne("config.json", true);
  await fetchOne("tokenizer.json", true);
  await fetchOne("tokenizer_config.json", false);
  await fetchOne("generation_config.json", false);
  let onnx: string | undefined;
  for (const file of opts.onnxFile ? [opts.onnxFile] : ONNX_CANDIDATES) {
    if (await fetchOne(file, false)) {
      onnx = file;
      break;
    }
  }
  if (!onnx)
    throw new LmdiffError(
      `${id} has no ONNX file (looked for ${(opts.onnxFile ? [opts.onnxFile] : ONNX_CANDIDATES).join(", ")})`,
      "not-found",
      404,
    );
  // Large exports keep their weights beside the graph.
  await fetchOne(`${onnx}_data`, false);
  atomicWriteFileSync(marker, JSON.stringify({ id, revision, onnx, downloaded: new Date().toISOString() }) + "\n");
  return dir;
}
