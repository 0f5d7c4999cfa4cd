import * as fs from "node:fs";
import * as path from "node:path";
import { LmdiffError } from "../core/LmdiffError.js";
import { bundledModels, isBundled } from "./bundledModels.js";
import { downloadHubModel, type HubOptions } from "./hubDownload.js";
import { isHubId, parseHubSpec } from "./hubSpec.js";
import { bundledModelsDir } from "./paths.js";

/**
 * The folder of a model spec: a local folder with a config.json, a bundled
 * model's folder, or a hub model's folder in the download cache (downloaded
 * on first use; "owner/name@REV" pins a commit, tag or branch).  A folder is tried first, so a local folder named like a
 * bundled model or a hub id wins.
 */
export async function resolveModelDir(spec: string, opts: HubOptions = {}): Promise<string> {
  if (typeof spec !== "string" || spec.trim() === "")
    throw new LmdiffError("a model spec is required (a bundled name, a folder or a hub id)", "bad-option");
  if (fs.existsSync(spec) && fs.statSync(spec).isDirectory()) {
    if (!fs.existsSync(path.join(spec, "config.json")))
      throw new LmdiffError(`${spec} is a folder but has no config.json (expected a Hugging Face model folder)`, "bad-model");
    return path.resolve(spec);
  }
  if (isBundled(spec)) return path.join(bundledModelsDir(), spec);
  if (isHubId(spec)) {
    // owner/name@REV pins a revision, which gets its own cache folder.
    const { id, revision } = parseHubSpec(spec, opts.revision);
    return downloadHubModel(id, { ...opts, revision });
  }
  throw new LmdiffError(
    `unknown model "${spec}" (not a bundled model, a folder or a hub id; bundled: ${bundledModels().join(", ")})`,
    "unknown-model",
    404,
  );
}
