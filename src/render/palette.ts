import type { PaletteName } from "./renderOptions.js";

/**
 * The colours of the two models, in one place.  Each side of a diverging
 * scale is a 5-stop ramp from white outwards, taken from ColorBrewer's
 * colour-blind-safe diverging schemes (Harrower & Brewer, 2003): RdBu puts
 * model 1 on red (#d6604d) and model 2 on blue (#4393c3); PuOr on orange
 * and purple.  The step plots draw each model in the 4th stop of its side,
 * so a line and the tokens it wins share a colour.
 *
 * The grayscale variant is for print: both sides are grey ramps and the
 * model-2 side is told apart by a dashed outline (strip, bars) and a dashed
 * line (plots) instead of by hue.
 */
export interface Palette {
  name: PaletteName;
  grayscale: boolean;
  /** Line / mark colour of each model. */
  model1: string;
  model2: string;
  /** The word a legend uses for each model's colour. */
  model1Word: string;
  model2Word: string;
  /** Stops from white (value 0) outwards for each model's side. */
  side1: readonly string[];
  side2: readonly string[];
  /** stroke-dasharray for each model's lines ("" = solid). */
  model1Dash: string;
  model2Dash: string;
}

const GREYS = ["#ffffff", "#d9d9d9", "#bdbdbd", "#737373", "#252525"] as const;

const PALETTES: Record<PaletteName, Omit<Palette, "grayscale" | "model1Dash" | "model2Dash">> = {
  rdbu: {
    name: "rdbu",
    model1: "#d6604d",
    model2: "#4393c3",
    model1Word: "red",
    model2Word: "blue",
    side1: ["#ffffff", "#fddbc7", "#f4a582", "#d6604d", "#b2182b"],
    side2: ["#ffffff", "#d1e5f0", "#92c5de", "#4393c3", "#2166ac"],
  },
  puor: {
    name: "puor",
    model1: "#e08214",
    model2: "#8073ac",
    model1Word: "orange",
    model2Word: "purple",
    side1: ["#ffffff", "#fee0b6", "#fdb863", "#e08214", "#b35806"],
    side2: ["#ffffff", "#d8daeb", "#b2abd2", "#8073ac", "#542788"],
  },
};

export function palette(name: PaletteName = "rdbu", grayscale = false): Palette {
  const p = PALETTES[name];
  if (!grayscale) return { ...p, grayscale, model1Dash: "", model2Dash: "" };
  return {
    ...p,
    grayscale,
    model1: "#252525",
    model2: "#737373",
    model1Word: "solid",
    model2Word: "dashed",
    side1: GREYS,
    side2: GREYS,
    model1Dash: "",
    model2Dash: "4 2",
  };
}

/** ColorBrewer BrBG halves for entropy_diff, which has no winner and so uses neither model's colour. */
export const ENTROPY_UP = ["#ffffff", "#f6e8c3", "#dfc27d", "#bf812d", "#8c510a"] as const;
export const ENTROPY_DOWN = ["#ffffff", "#c7eae5", "#80cdc1", "#35978f", "#01665e"] as const;
export { GREYS };
