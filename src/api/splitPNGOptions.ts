import { checkObject } from "../core/options.js";
import type { PNGOptions } from "../export/svgToPNG.js";

/**
 * Split the PNG options (scale, dpi) from the figure options of savePNG,
 * which takes both in one object, so that each normaliser sees only its
 * own keys and can reject the rest.
 */
export function splitPNGOptions<T extends object>(options: T & PNGOptions): [Omit<T, "scale" | "dpi">, PNGOptions] {
  checkObject("figure", options);
  const { scale, dpi, ...rest } = options;
  const png: PNGOptions = {};
  if (scale !== undefined) png.scale = scale;
  if (dpi !== undefined) png.dpi = dpi;
  return [rest, png];
}
