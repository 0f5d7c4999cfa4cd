import * as fs from "node:fs";
import * as path from "node:path";
import { HUB_URL } from "@huggingface/hub";
import { isLmdiffError, LmdiffError } from "../core/LmdiffError.js";
import { VERSION } from "../version.js";
import { downloadFile, HttpStatusError } from "./downloadFile.js";
import { externalDataLocations } from "./externalDataLocations.js";
import { readMarker, selectionKey, writeMarker, type HubCacheMarker } from "./hubCacheMarker.js";
import { hubFileInfo, type HubFileInfo } from "./hubFileInfo.js";
import { parseHubSpec } from "./hubSpec.js";
import { ALL_VARIANTS, checkDtype, dtypeCandidates, missingDtypeError, type Dtype } from "./onnxDtype.js";
import { OutputLock } from "./OutputLock.js";
import { cacheDir } from "./paths.js";
import { timedFetch } from "./timedFetch.js";

export { isHubId, parseHubSpec } from "./hubSpec.js";

/** Where one file of a hub download stands, for a progress display. */
export interface DownloadProgress {
  /** The file, relative to the repo, e.g. "onnx/model.onnx_data". */
  file: string;
  /** 1 for the first file this download fetches, 2 for the next… (files already in the cache are not counted). */
  index: number;
  /** Bytes on disk, those of a resumed earlier attempt included. */
  bytes: number;
  /** The file's size, when the hub says. */
  total?: number;
  /** Bytes that an earlier, interrupted attempt had fetched: this one asked only for the rest. */
  resumedFrom: number;
  /** true once, when the file is complete and checked. */
  done: boolean;
}

export interface HubOptions {
  /** A commit sha, tag or branch; default "main".  A spec "owner/name@REV" says the same. */
  revision?: string;
  /** The hub's base URL; default $HF_ENDPOINT, else @huggingface/hub's default. */
  hubUrl?: string;
  /** Where downloads are kept; default cacheDir()/hub. */
  cacheDir?: string;
  /** ONNX file inside the repo, e.g. "onnx/model_quantized.onnx"; wins over dtype. */
  onnxFile?: string;
  /**
   * The precision of the graph, as the hub's file variants name it:
   * fp32 (onnx/model.onnx, the default), fp16 (model_fp16), q8
   * (model_quantized), q4 (model_q4), q4f16 (model_q4f16), also int8,
   * uint8 and bnb4.  For local folders and hub downloads alike; a model
   * without the variant is an error listing those it has.
   */
  dtype?: Dtype;
  accessToken?: string;
  /** Called with each file name as its download starts. */
  onFile?: (file: string) => void;
  /** Called as each file's bytes arrive (see DownloadProgress). */
  onProgress?: (p: DownloadProgress) => void;
  /**
   * Never use the network: a model not complete in the cache is an error.
   * Default: $HF_HUB_OFFLINE or $LMDIFF_OFFLINE set to 1 (or true, yes, on).
   */
  offline?: boolean;
  /**
   * How long, in milliseconds, a hub request may wait for the response
   * headers, and how long a downloading body may go without receiving
   * data, before the download fails.  Default: $LMDIFF_HUB_TIMEOUT (in
   * seconds), else 30 s.  The limit is not on a whole download: a large
   * file that keeps arriving may take as long as it needs.
   */
  timeoutMs?: number;
  /**
   * Only the tokenizer and config files, no graph: what a remote model
   * (URL#NAME) needs of its hub repo, whose weights the server holds.
   */
  tokenizerOnly?: boolean;
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

const truthy = (v: string | undefined): boolean => v !== undefined && /^(1|true|yes|on)$/i.test(v.trim());

/** Whether downloads are off: the option, else $HF_HUB_OFFLINE (the Hugging Face libraries' switch) or $LMDIFF_OFFLINE. */
export const isOffline = (option?: boolean): boolean =>
  option ?? (truthy(process.env.HF_HUB_OFFLINE) || truthy(process.env.LMDIFF_OFFLINE));

/** The cache folder of a repo at a revision: one per revision, so a pinned one never mixes with main. */
export function hubModelDir(id: string, revision: string, root = path.join(cacheDir(), "hub")): string {
  return path.join(root, id.replace("/", "--"), revision.replace(/[^\w.-]/g, "_"));
}

/**
 * Download a hub model once into the local cache and return its folder.
 * `spec` is "owner/name" or "owner/name@REVISION".  The files: config.json,
 * the tokenizer files, the graph of the chosen precision (HubOptions.dtype
 * or onnxFile) and every external data file that graph names.
 *
 * A choice of graph the folder's `.lmdiff-complete` marker lists is used as
 * it is, without any network access, so a model downloaded once loads
 * offline afterwards.  Each file is HEADed first for its size, ETag and,
 * for large files, sha256; it arrives in a partial file that a rerun
 * resumes with a Range request, and is checked before it takes its name,
 * so an interrupted download leaves no half-file.  Every request has a time
 * limit (HubOptions.timeoutMs), so a hub that stops answering fails the
 * download with a one-line error instead of hanging.
 */
export async function downloadHubModel(spec: string, opts: HubOptions = {}): Promise<string> {
  const { id, revision } = parseHubSpec(spec, opts.revision);
  const dir = hubModelDir(id, revision, opts.cacheDir);
  const cached = opts.tokenizerOnly
    ? fs.existsSync(path.join(dir, "tokenizer.json")) && "tokenizer.json"
    : readMarker(dir)?.graphs[selectionKey({ onnxFile: opts.onnxFile, dtype: checkDtype(opts.dtype) })];
  if ((cached && fs.existsSync(path.join(dir, cached))) || isOffline(opts.offline)) return fetchModel(spec, opts);
  // Two processes fetching the same model (two notebook cells, a CLI run
  // beside a server) take turns on its folder: the second then finds the
  // first's files complete and downloads nothing.
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const lock = await OutputLock.acquire(dir);
  try {
    return await fetchModel(spec, opts);
  } finally {
    lock.release();
  }
}

/** downloadHubModel's work, with the folder's lock held (or nothing to download). */
async function fetchModel(spec: string, opts: HubOptions): Promise<string> {
  const { id, revision } = parseHubSpec(spec, opts.revision);
  const dtype = checkDtype(opts.dtype);
  const key = selectionKey({ onnxFile: opts.onnxFile, dtype });
  const dir = hubModelDir(id, revision, opts.cacheDir);
  const shown = revision === "main" ? id : `${id}@${revision}`;
  const old = readMarker(dir);
  const cached = opts.tokenizerOnly ? "tokenizer.json" : old?.graphs[key];
  if (cached && fs.existsSync(path.join(dir, cached))) return dir;
  if (isOffline(opts.offline)) {
    const what = opts.onnxFile ? ` with ${opts.onnxFile}` : dtype && dtype !== "fp32" ? ` with dtype ${dtype}` : "";
    throw new LmdiffError(
      `${shown}${what} is not in the lmdiff cache (${dir}) and downloads are off (HF_HUB_OFFLINE or LMDIFF_OFFLINE); run once without them to download it`,
      "offline",
      503,
    );
  }
  const hubUrl = (opts.hubUrl ?? process.env.HF_ENDPOINT ?? HUB_URL).replace(/\/+$/, "");
  const accessToken = opts.accessToken ?? process.env.HF_TOKEN ?? undefined;
  const headers: Record<string, string> = { "User-Agent": `lmdiff/${VERSION}` };
  if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
  const fetch = timedFetch(hubTimeoutMs(opts.timeoutMs));
  const files: Record<string, string> = { ...old?.files };
  let commit: string | undefined;
  let index = 0;

  const urlOf = (file: string) =>
    `${hubUrl}/${id}/resolve/${encodeURIComponent(revision)}/${file.split("/").map(encodeURIComponent).join("/")}`;

  /** The one-line error for a failed request about `file`. */
  const failure = (file: string, e: unknown): LmdiffError => {
    if (e instanceof HttpStatusError) return httpError(shown, file, e.status, e.errorCode);
    const msg = (e as Error).message.replace(/^lmdiff: /, "").split("\n")[0];
    if (isLmdiffError(e) && e.code === "timeout")
      return new LmdiffError(
        `cannot download ${file} of ${shown}: ${msg} (set LMDIFF_HUB_TIMEOUT to wait longer)`,
        "download-timeout",
        504,
      );
    if (isLmdiffError(e) && e.code !== "download-corrupt") return e;
    return new LmdiffError(`cannot download ${file} of ${shown}: ${msg}`, isLmdiffError(e) ? e.code : "download-failed", 502);
  };

  const info = async (file: string): Promise<HubFileInfo> => {
    try {
      return await hubFileInfo(urlOf(file), fetch, headers);
    } catch (e) {
      throw failure(file, e);
    }
  };

  /** Fetch one file unless the cache has it as the hub has it now; false when the repo has no such file and it is optional. */
  const fetchOne = async (file: string, required: boolean): Promise<boolean> => {
    const meta = await info(file);
    if (meta.status === 404 && (meta.errorCode === undefined || meta.errorCode === "EntryNotFound")) {
      if (required) throw new LmdiffError(`${shown} has no ${file} (is it an ONNX export in the Hugging Face layout?)`, "not-found", 404);
      return false;
    }
    if (meta.status !== 200) throw httpError(shown, file, meta.status, meta.errorCode);
    commit ??= meta.commit;
    const target = path.join(dir, file);
    const recorded = files[file];
    if (
      fs.existsSync(target) &&
      (recorded === undefined || recorded === meta.etag) &&
      (meta.size === undefined || fs.statSync(target).size === meta.size)
    ) {
      if (meta.etag) files[file] = meta.etag;
      return true;
    }
    opts.onFile?.(file);
    const n = ++index;
    let resumedFrom: number;
    try {
      ({ resumedFrom } = await downloadFile({
        url: urlOf(file),
        target,
        fetch,
        headers,
        expect: meta,
        onProgress: opts.onProgress
          ? (bytes, total, from) => opts.onProgress!({ file, index: n, bytes, total, resumedFrom: from, done: false })
          : undefined,
      }));
    } catch (e) {
      throw failure(file, e);
    }
    const size = fs.statSync(target).size;
    opts.onProgress?.({ file, index: n, bytes: size, total: size, resumedFrom, done: true });
    if (meta.etag) files[file] = meta.etag;
    return true;
  };

  await fetchOne("config.json", true);
  await fetchOne("tokenizer.json", true);
  await fetchOne("tokenizer_config.json", false);
  await fetchOne("generation_config.json", false);
  // The folder's marker records graphs; a tokenizer alone leaves it as it was.
  if (opts.tokenizerOnly) return dir;
  const want = dtype ?? "fp32";
  const candidates = opts.onnxFile ? [opts.onnxFile] : dtypeCandidates(want);
  let onnx: string | undefined;
  for (const file of candidates) {
    if (await fetchOne(file, false)) {
      onnx = file;
      break;
    }
  }
  if (!onnx) {
    if (opts.onnxFile) throw new LmdiffError(`${shown} has no ${opts.onnxFile} (the onnxFile option)`, "not-found", 404);
    // Which precisions the repo has, for the error to list: one HEAD each, on this failure path only.
    const present: Dtype[] = [];
    for (const v of ALL_VARIANTS)
      if (v.dtype !== want && !present.includes(v.dtype) && (await info(v.file)).status === 200) present.push(v.dtype);
    throw missingDtypeError(shown, want, present);
  }
  // External weights: every file the graph names, beside it.
  let locations: string[];
  try {
    locations = externalDataLocations(path.join(dir, onnx));
  } catch (e) {
    throw new LmdiffError(`${shown}: ${(e as Error).message.replace(/^lmdiff: /, "")}`, "bad-model");
  }
  for (const loc of locations) await fetchOne(path.posix.join(path.posix.dirname(onnx), loc), true);

  // A moved branch makes the other graphs of this folder stale: they are checked again when next asked for.
  const sameCommit = old !== null && (old.commit === undefined || commit === undefined || old.commit === commit);
  const graphs = { ...(sameCommit ? old.graphs : {}), [key]: onnx, [`file:${onnx}`]: onnx };
  const marker: HubCacheMarker = {
    id,
    revision,
    commit: commit ?? old?.commit,
    onnx: old?.onnx ?? onnx,
    graphs,
    files,
    downloaded: new Date().toISOString(),
  };
  writeMarker(dir, marker);
  return dir;
}

/** A hub answer that is not the file, as one line that says what to do. */
function httpError(model: string, file: string, status: number, errorCode: string | undefined): LmdiffError {
  if (errorCode === "RevisionNotFound")
    return new LmdiffError(`${model}: no such revision on the hub (a commit sha, tag or branch)`, "not-found", 404);
  if (errorCode === "RepoNotFound" || errorCode === "GatedRepo" || status === 401 || status === 403)
    return new LmdiffError(
      `cannot download ${file} of ${model}: HTTP ${status}${errorCode ? ` ${errorCode}` : ""} (no such repo, or a private or gated one: set HF_TOKEN to a token that may read it)`,
      "download-failed",
      status === 404 ? 404 : 502,
    );
  return new LmdiffError(`cannot download ${file} of ${model}: HTTP ${status}${errorCode ? ` ${errorCode}` : ""}`, "download-failed", 502);
}
