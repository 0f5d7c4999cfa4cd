import type { ModelLabel } from "../core/InstanceData.js";

/** A model name as a file-name part: letters, digits, ".", "_" and "-" only ("org/gpt2" → "org-gpt2"). */
function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "model";
}

/** The download's file name: lmdiff-<model 1>-vs-<model 2>-<view>.<ext>. */
export function figureFileName(models: readonly [ModelLabel, ModelLabel], view: string, ext: string): string {
  return `lmdiff-${slug(models[0].name)}-vs-${slug(models[1].name)}-${view}.${ext}`;
}
