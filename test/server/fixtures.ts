import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { inlineDataset } from "../../src/engine/Dataset.ts";
import { loadModel } from "../../src/engine/Model.ts";
import { Catalog } from "../../src/server/Catalog.ts";
import { preprocessProject } from "../../src/engine/preprocessProject.ts";

/**
 * Shared fixtures of the server tests: two comparable bundled models, a
 * small corpus preprocessed once per test file into a temporary folder.
 * LMDIFF_TEST_M1/M2 may name other model folders while the bundled zoo is
 * being trained; the committed tests use tiny-en and tiny-en-distil.
 */
export const M1 = process.env.LMDIFF_TEST_M1 ?? "tiny-en";
export const M2 = process.env.LMDIFF_TEST_M2 ?? "tiny-en-distil";
/** Names the server gives those models (a folder's base name, or the bundled name). */
export const N1 = path.basename(M1);
export const N2 = path.basename(M2);

export const TEXTS = [
  "The quick brown fox jumps over the lazy dog.",
  "A journey of a thousand miles begins with a single step.",
  "You will meet a tall dark stranger.",
  "Fortune favours the bold, but not the reckless.",
  "Time flies like an arrow; fruit flies like a banana.",
  "Never put off till tomorrow what you can do today.",
  "Every cloud has a silver lining.",
  "The early bird catches the worm.",
  "All that glitters is not gold.",
  "When in Rome, do as the Romans do.",
];

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `lmdiff-${prefix}-`));
}

/** Write TEXTS as a plain text file (one text a line) and return its path. */
export function writeCorpus(dir: string, name = "small.txt"): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, TEXTS.join("\n") + "\n");
  return file;
}

/** Preprocess TEXTS with M1 and M2 into a new folder, as `lmdiff preprocess all` would; returns the folder. */
export async function preparedProject(): Promise<string> {
  const dir = tmpDir("server");
  const a = await loadModel(M1, { threads: 1 });
  const b = await loadModel(M2, { threads: 1 });
  try {
    await preprocessProject(a, b, inlineDataset(TEXTS, "small"), dir);
  } finally {
    await a.dispose();
    await b.dispose();
  }
  return dir;
}

/** A catalog of the prepared project, models on one thread each (the machine is shared). */
export async function preparedCatalog(): Promise<{ dir: string; catalog: Catalog }> {
  const dir = await preparedProject();
  return { dir, catalog: await Catalog.fromProject(dir, { threads: 1 }) };
}
