import * as fs from "node:fs";
import * as path from "node:path";
import { LmdiffError } from "../core/LmdiffError.js";
import { packageRoot } from "../engine/paths.js";

let cached: { file: string; mtimeMs: number; source: string } | undefined;

/** Where the widgets' IIFE bundle is built (webpack, config "iife"). */
export function widgetsBundlePath(): string {
  return path.join(packageRoot(), "lib", "browser", "lmdiff-widgets.js");
}

/**
 * The widgets bundle, read from the package at display time (and re-read
 * when it is rebuilt), so every notebook output can define its elements
 * offline without fetching anything.
 */
export function widgetsSource(): string {
  const file = widgetsBundlePath();
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new LmdiffError(
      `the widgets bundle ${file} is missing; build it with "npx webpack --config webpack.config.js --config-name iife"`,
      "not-found",
    );
  }
  if (!cached || cached.file !== file || cached.mtimeMs !== stat.mtimeMs) {
    cached = { file, mtimeMs: stat.mtimeMs, source: fs.readFileSync(file, "utf8") };
  }
  return cached.source;
}
