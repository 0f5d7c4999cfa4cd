import { Resvg } from "@resvg/resvg-js";
import { LmdiffError } from "../core/LmdiffError.js";
import { checkKeys, maybeNumber } from "../core/options.js";
import { DEJAVU_FACES } from "./dejavuFaces.js";
import { dejavuFont } from "./dejavuFonts.js";
import { DEJAVU_FAMILY, fontKind } from "./fontKind.js";
import { svgSize, type SizedSvg } from "./svgSize.js";

export interface PNGOptions {
  /** Pixels per SVG user unit (per point for figureSVG's figures); default 2. */
  scale?: number;
  /** Or: pixels per inch of the figure's physical size (300 for print). */
  dpi?: number;
}

/** The pixel size svgToPNG gives `svg` with these options. */
export function pngSize(svg: string | SizedSvg, options: PNGOptions = {}): { width: number; height: number } {
  const s = svgSize(svg);
  const k = pixelsPerUnit(s, options);
  return { width: Math.max(1, Math.round(s.width * k)), height: Math.max(1, Math.round(s.height * k)) };
}

function pixelsPerUnit(s: ReturnType<typeof svgSize>, options: PNGOptions): number {
  checkKeys("PNG", options, ["scale", "dpi"]);
  if (options.scale !== undefined && options.dpi !== undefined)
    throw new LmdiffError("give either scale or dpi for a PNG, not both", "bad-option");
  if (options.dpi !== undefined) return (maybeNumber("dpi", options.dpi, 144, 10, 2400) / 72) * (s.widthPt / s.width);
  return maybeNumber("scale", options.scale, 2, 0.05, 50);
}

/**
 * Rasterise an SVG with resvg.  Only the DejaVu fonts are loaded
 * (loadSystemFonts false), with DejaVu Sans as the default and for the
 * generic families, so the same SVG gives the same pixels on every machine.
 * Each font-family list is first replaced by the DejaVu family that
 * fontKind picks for it, the same choice the PDF translator makes, because
 * resvg 2.6 does not fall through a list of missing families ("ui-monospace,
 * Menlo, …, 'DejaVu Sans Mono'") or map "monospace" to monospaceFamily.
 * The size is set from the viewBox: `scale` pixels per user unit, or `dpi`
 * pixels per inch of the physical size.  Given a paper figure's layout
 * (figureLayout) rather than SVG text, the size is taken from the layout.
 */
export function svgToPNG(svg: string | SizedSvg, options: PNGOptions = {}): Uint8Array {
  const { width } = pngSize(svg, options);
  const r = new Resvg(dejavuFamilies(typeof svg === "string" ? svg : svg.svg), {
    fitTo: { mode: "width", value: width },
    background: "#ffffff",
    font: {
      loadSystemFonts: false,
      fontFiles: DEJAVU_FACES.map(dejavuFont),
      defaultFontFamily: "DejaVu Sans",
      sansSerifFamily: "DejaVu Sans",
      serifFamily: "DejaVu Serif",
      monospaceFamily: "DejaVu Sans Mono",
    },
    logLevel: "off",
  });
  return new Uint8Array(r.render().asPng());
}

/** Replace every font-family attribute by the DejaVu family that stands in for it. */
export function dejavuFamilies(svg: string): string {
  return svg.replace(
    /(\sfont-family=)"([^"]*)"/g,
    (_, lead: string, fam: string) => `${lead}"${DEJAVU_FAMILY[fontKind(fam.replace(/&#39;|&quot;/g, "'"))]}"`,
  );
}
