import { maybeInt } from "../core/options.js";

/** Parse an integer CLI option with the same one-line error as the API. */
export function intOption(name: string, v: string | undefined, min: number, max?: number): number {
  return maybeInt(name, v, Number.NaN, min, max);
}
