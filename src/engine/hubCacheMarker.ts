import * as fs from "node:fs";
import * as path from "node:path";
import { atomicWriteFileSync } from "./atomicWrite.js";

/**
 * The `.lmdiff-complete` file of a hub model's cache folder: which graph
 * each way of choosing one (the default, a dtype, an explicit file) got,
 * complete with its external data, and the ETag of every file, so that a
 * later download of another precision re-fetches only what changed on the
 * hub.  A choice listed here loads with no network at all.
 */
export interface HubCacheMarker {
  id: string;
  revision: string;
  /** The commit the revision pointed at when the files were fetched (X-Repo-Commit), if the hub said. */
  commit?: string;
  /** The graph of the first complete download (the only field of older markers). */
  onnx: string;
  /** Selection key (see selectionKey) → graph file, relative to the folder. */
  graphs: Record<string, string>;
  /** File → the ETag it was downloaded with. */
  files: Record<string, string>;
  downloaded: string;
}

export const MARKER = ".lmdiff-complete";

/** The key of a way of choosing the graph: "default", "dtype:q8" or "file:onnx/x.onnx". */
export function selectionKey(opts: { onnxFile?: string; dtype?: string }): string {
  if (opts.onnxFile) return `file:${opts.onnxFile}`;
  return opts.dtype && opts.dtype !== "fp32" ? `dtype:${opts.dtype}` : "default";
}

/** The marker of a cache folder, null when there is none or it cannot be read (then the folder is checked against the hub again). */
export function readMarker(dir: string): HubCacheMarker | null {
  let raw: Partial<HubCacheMarker>;
  try {
    raw = JSON.parse(fs.readFileSync(path.join(dir, MARKER), "utf8")) as Partial<HubCacheMarker>;
  } catch {
    return null;
  }
  if (typeof raw !== "object" || raw === null || typeof raw.onnx !== "string") return null;
  // Markers written before dtypes name one graph, got by the default choice.
  const graphs = raw.graphs && typeof raw.graphs === "object" ? raw.graphs : { default: raw.onnx, [`file:${raw.onnx}`]: raw.onnx };
  return {
    id: String(raw.id),
    revision: String(raw.revision),
    commit: typeof raw.commit === "string" ? raw.commit : undefined,
    onnx: raw.onnx,
    graphs,
    files: raw.files && typeof raw.files === "object" ? raw.files : {},
    downloaded: String(raw.downloaded),
  };
}

export const writeMarker = (dir: string, m: HubCacheMarker): void =>
  atomicWriteFileSync(path.join(dir, MARKER), JSON.stringify(m, null, 1) + "\n");
