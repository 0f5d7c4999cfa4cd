import { LmdiffError } from "../core/LmdiffError.js";
import { maybeInt } from "../core/options.js";
import { atomicWriteFileSync } from "../engine/atomicWrite.js";
import { CorpusComparison } from "../engine/CorpusComparison.js";
import { InstanceComparison } from "../engine/InstanceComparison.js";
import { figureSVG } from "./figureSVG.js";
import type { FigureOptionsInput } from "./figureOptions.js";
import type { LaTeXOptionsInput } from "./latexOptions.js";
import { svgToPDF, type PDFOptions } from "./svgToPDF.js";
import { svgToPNG, type PNGOptions } from "./svgToPNG.js";
import { toLaTeX } from "./toLaTeX.js";

/**
 * Figure methods on the objects users hold, added here rather than in the
 * engine classes so that the engine does not depend on rendering and
 * export (layers depend one way).  Importing this module for its side
 * effect (src/index.ts does) installs them; the module augmentations below
 * make them part of the classes' types.
 *
 * A corpus draws its global view by default; for a view of one of its
 * texts, pass `doc` (the document index), which goes through instance(doc).
 * Files are written atomically, so a reader never sees half a figure.
 */
export type CorpusFigureOptions = FigureOptionsInput & { doc?: number };
export type CorpusLaTeXOptions = LaTeXOptionsInput & { doc?: number };

declare module "../engine/InstanceComparison.js" {
  interface InstanceComparison {
    /** The view as a standalone SVG figure sized in points (default view: composite). */
    toSVG(options?: FigureOptionsInput): string;
    /** Write the view as PNG (scale: pixels per point, default 2; or dpi). */
    savePNG(file: string, options?: FigureOptionsInput & PNGOptions): void;
    /** Write the view as a one-page PDF of the figure's size, fonts embedded. */
    savePDF(file: string, options?: FigureOptionsInput): Promise<void>;
    /** The token strip as LaTeX \colorbox commands (standalone: a whole document). */
    toLaTeX(options?: LaTeXOptionsInput): string;
  }
}

declare module "../engine/CorpusComparison.js" {
  interface CorpusComparison {
    /** The global view (or, with doc, a view of that text) as a standalone SVG figure. */
    toSVG(options?: CorpusFigureOptions): string;
    savePNG(file: string, options?: CorpusFigureOptions & PNGOptions): void;
    savePDF(file: string, options?: CorpusFigureOptions): Promise<void>;
    /** The token strip of text `doc` as LaTeX. */
    toLaTeX(options?: CorpusLaTeXOptions): string;
  }
}

/** Split PNG options (scale, dpi) from figure options. */
function pngParts<T extends object>(options: T & PNGOptions): [Omit<T, "scale" | "dpi">, PNGOptions] {
  const { scale, dpi, ...rest } = options;
  const png: PNGOptions = {};
  if (scale !== undefined) png.scale = scale;
  if (dpi !== undefined) png.dpi = dpi;
  return [rest, png];
}

function checkOptions(options: unknown): void {
  if (options === null || typeof options !== "object" || Array.isArray(options))
    throw new LmdiffError(`invalid figure options ${JSON.stringify(options)} (expected an object)`, "bad-option");
}

/** A corpus figure: the global view, or a view of text `doc`. */
function corpusSVG(c: CorpusComparison, options: CorpusFigureOptions): string {
  checkOptions(options);
  const { doc, ...rest } = options;
  if (doc === undefined) {
    if (rest.view !== undefined && rest.view !== "global")
      throw new LmdiffError(`the ${String(rest.view)} view shows one text; pass doc (a document index, 0 to ${c.length - 1})`, "bad-option");
    return figureSVG(c.toCorpusData(), rest);
  }
  return figureSVG(c.instance(maybeInt("doc", doc, 0, 0, c.length - 1)).data, rest);
}

InstanceComparison.prototype.toSVG = function (this: InstanceComparison, options: FigureOptionsInput = {}) {
  return figureSVG(this.data, options);
};
InstanceComparison.prototype.savePNG = function (this: InstanceComparison, file: string, options: FigureOptionsInput & PNGOptions = {}) {
  checkOptions(options);
  const [fig, png] = pngParts(options);
  atomicWriteFileSync(file, svgToPNG(figureSVG(this.data, fig), png));
};
InstanceComparison.prototype.savePDF = async function (this: InstanceComparison, file: string, options: FigureOptionsInput = {}) {
  atomicWriteFileSync(file, await svgToPDF(figureSVG(this.data, options)));
};
InstanceComparison.prototype.toLaTeX = function (this: InstanceComparison, options: LaTeXOptionsInput = {}) {
  return toLaTeX(this.data, options);
};

CorpusComparison.prototype.toSVG = function (this: CorpusComparison, options: CorpusFigureOptions = {}) {
  return corpusSVG(this, options);
};
CorpusComparison.prototype.savePNG = function (this: CorpusComparison, file: string, options: CorpusFigureOptions & PNGOptions = {}) {
  checkOptions(options);
  const [fig, png] = pngParts(options);
  atomicWriteFileSync(file, svgToPNG(corpusSVG(this, fig), png));
};
CorpusComparison.prototype.savePDF = async function (this: CorpusComparison, file: string, options: CorpusFigureOptions = {}) {
  atomicWriteFileSync(file, await svgToPDF(corpusSVG(this, options)));
};
CorpusComparison.prototype.toLaTeX = function (this: CorpusComparison, options: CorpusLaTeXOptions = {}) {
  checkOptions(options);
  const { doc, ...rest } = options;
  if (doc === undefined) throw new LmdiffError(`toLaTeX of a corpus needs doc (a document index, 0 to ${this.length - 1})`, "bad-option");
  return toLaTeX(this.instance(maybeInt("doc", doc, 0, 0, this.length - 1)).data, rest);
};
