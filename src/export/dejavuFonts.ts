import * as fs from "node:fs";
import * as path from "node:path";
import { LmdiffError } from "../core/LmdiffError.js";
import type { DejaVuFace } from "./dejavuFaces.js";

/**
 * The DejaVu TrueType files (from the dejavu-fonts-ttf package) that the
 * PNG and PDF exports load explicitly instead of the machine's fonts, so a
 * figure comes out the same everywhere.  DejaVu covers Latin, Greek,
 * Cyrillic and many symbols (the strip's ↵ ⇥ ␣ ▶ ≥), but has no emoji.
 */
let dir: string | undefined;

/** The folder of the TTF files, found through Node's resolution from this module. */
export function dejavuDir(): string {
  if (dir) return dir;
  try {
    dir = path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
  } catch {
    throw new LmdiffError(
      "the dejavu-fonts-ttf package is missing; PNG and PDF export need its fonts (npm install dejavu-fonts-ttf)",
      "missing-dependency",
      500,
    );
  }
  return dir;
}

/** Path of one face's TTF file. */
export function dejavuFont(face: DejaVuFace): string {
  const file = path.join(dejavuDir(), `${face}.ttf`);
  if (!fs.existsSync(file))
    throw new LmdiffError(`the font file ${file} is missing (reinstall dejavu-fonts-ttf)`, "missing-dependency", 500);
  return file;
}
