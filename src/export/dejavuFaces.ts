/**
 * The DejaVu faces lmdiff's PNG and PDF exports load: three families
 * (Sans, Serif, Sans Mono) in four styles each.  Names are the TTF file
 * names of the dejavu-fonts-ttf package.
 */
export type DejaVuFace =
  | "DejaVuSans"
  | "DejaVuSans-Bold"
  | "DejaVuSans-Oblique"
  | "DejaVuSans-BoldOblique"
  | "DejaVuSerif"
  | "DejaVuSerif-Bold"
  | "DejaVuSerif-Italic"
  | "DejaVuSerif-BoldItalic"
  | "DejaVuSansMono"
  | "DejaVuSansMono-Bold"
  | "DejaVuSansMono-Oblique"
  | "DejaVuSansMono-BoldOblique";

export const DEJAVU_FACES: readonly DejaVuFace[] = [
  "DejaVuSans",
  "DejaVuSans-Bold",
  "DejaVuSans-Oblique",
  "DejaVuSans-BoldOblique",
  "DejaVuSerif",
  "DejaVuSerif-Bold",
  "DejaVuSerif-Italic",
  "DejaVuSerif-BoldItalic",
  "DejaVuSansMono",
  "DejaVuSansMono-Bold",
  "DejaVuSansMono-Oblique",
  "DejaVuSansMono-BoldOblique",
];
