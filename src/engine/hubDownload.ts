import * as fs from "node:fs";
import * as path from "node:path";
import { downloadFile } from "@huggingface/hub";
import { LmdiffError } from "../core/LmdiffError.js";
import { atomicWriteFileSync } from "./atomicWrite.js";
import { cacheDir } from "./paths.js";

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
}

const HUB_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

/** Whether a model spec looks like a hub id ("owner/name"). */
export const isHubId = (spec: string): boolean => HUB_ID.test(spec) && !spec.includes("..");

const ONNX_CANDIDATES = ["onnx/model.onnx", "onnx/decoder_model_merged.onnx", "onnx/decoder_model.onnx", "model.onnx"];

/**
 * Download a hub model once into the local cache and return its folder.
 * A folder with a `.lmdiff-complete` marker is used as it is, without any
 * network access, so a model downloaded once loads offline afterwards.
 * Each file is written atomically; an interrupted download leaves no
 * half-file and the next call fetches what is missing.
 */
export async function downloadHubModel(id: string, opts: HubOptions = {}): Promise<string> {
  const revision = opts.revision ?? "main";
  const root = opts.cacheDir ?? path.join(cacheDir(), "hub");
  const dir = path.join(root, id.replace("/", "--"), revision.replace(/[^\w.-]/g, "_"));
  const marker = path.join(dir, ".lmdiff-complete");
  if (fs.existsSync(marker)) return dir;
  const hubUrl = opts.hubUrl ?? process.env.HF_ENDPOINT ?? undefined;
  const accessToken = opts.accessToken ?? process.env.HF_TOKEN ?? undefined;

  const fetchOne = async (file: string, required: boolean): Promise<boolean> => {
    const target = path.join(dir, file);
    if (fs.existsSync(target)) return true;
    opts.onFile?.(file);
    let blob: Blob | null;
    try {
      blob = await downloadFile({ repo: { type: "model", name: id }, path: file, revision, hubUrl, accessToken, xet: false });
    } catch (e) {
      const msg = (e as Error).message.split("\n")[0];
      if (!required && /not found|404/i.test(msg)) return false;
      throw new LmdiffError(`cannot download ${file} of ${id}: ${msg}`, "download-failed", 502);
    }
    if (!blob) {
      if (required) throw new LmdiffError(`${id} has no ${file} (is it an ONNX export in the Hugging Face layout?)`, "not-found", 404);
      return false;
    }
    atomicWriteFileSync(target, new Uint8Array(await blob.arrayBuffer()));
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
  if (!onnx) throw new LmdiffError(`${id} has no ONNX file (looked for ${(opts.onnxFile ? [opts.onnxFile] : ONNX_CANDIDATES).join(", ")})`, "not-found", 404);
  // Large exports keep their weights beside the graph.
  await fetchOne(`${onnx}_data`, false);
  atomicWriteFileSync(marker, JSON.stringify({ id, revision, onnx, downloaded: new Date().toISOString() }) + "\n");
  return dir;
}
