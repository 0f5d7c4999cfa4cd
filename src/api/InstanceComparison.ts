import { inspect } from "node:util";
import type { InstanceData } from "../core/InstanceData.js";
import { instanceSummary, instanceMeasure, tokenWins, type TokenWins } from "../core/instanceSummary.js";
import { instanceToJSON, type InstanceJSON } from "../core/instanceJson.js";
import type { Measure } from "../core/measures.js";
import { atomicWriteFileSync } from "../engine/atomicWrite.js";
import { figureSVG } from "../export/figureSVG.js";
import type { FigureOptionsInput } from "../export/figureOptions.js";
import type { LaTeXOptionsInput } from "../export/latexOptions.js";
import { svgToPDF } from "../export/svgToPDF.js";
import { svgToPNG, type PNGOptions } from "../export/svgToPNG.js";
import { toLaTeX } from "../export/toLaTeX.js";
import { instanceView } from "../notebook/instanceView.js";
import { JUPYTER_DISPLAY, type NotebookView, type ViewBundle } from "../notebook/NotebookView.js";
import type { ViewWidget } from "../notebook/ViewWidget.js";
import type { HtmlOptions, InstanceViewOptions } from "../notebook/viewOptions.js";
import { splitPNGOptions } from "./splitPNGOptions.js";

/** One row of InstanceComparison.toArray(): a token with both models' numbers. */
export interface TokenRow {
  i: number;
  token: string;
  id: number;
  prob_1: number;
  prob_2: number;
  rank_1: number;
  rank_2: number;
  logprob_1: number;
  logprob_2: number;
  entropy_1: number;
  entropy_2: number;
  /** 1 when both models' most likely tokens are the same, else 0. */
  top1_agree: number;
  /** KL(P₁‖P₂), KL(P₂‖P₁) (nats), JS (bits), TV: present when the two models were scored together. */
  kl?: number;
  kl_reverse?: number;
  js?: number;
  tv?: number;
  topk_1: { token: string; id: number; prob: number }[];
  topk_2: { token: string; id: number; prob: number }[];
}

/**
 * The token-level comparison of one text by two models: what
 * `compare(m1, m2, "a text")` and `results.instance(i)` return.  It holds
 * InstanceData (the numbers) and offers everything a user does with them:
 * per-token measures, rows and a summary; figures for papers (SVG, PNG,
 * PDF, LaTeX); and notebook display (tslab, Deno, HTML).  Each method
 * delegates to the layer that owns the work (core, export, notebook).
 */
export class InstanceComparison {
  constructor(readonly data: InstanceData) {}

  get length(): number {
    return this.data.tokens.length;
  }

  /** One value per token of a measure (model 2 minus model 1 for differences). */
  measure(name: Measure): Float64Array {
    return instanceMeasure(this.data, name);
  }

  /** Tokens each model wins under a measure, and ties. */
  wins(name: Measure = "prob_diff"): TokenWins {
    return tokenWins(this.data, name);
  }

  toArray(): TokenRow[] {
    const d = this.data;
    const k = d.k;
    const top = (s: InstanceData["m1"], i: number) =>
      Array.from({ length: k }, (_, j) => ({
        token: d.vocab[s.topkIds[i * k + j]],
        id: s.topkIds[i * k + j],
        prob: s.topkProbs[i * k + j],
      }));
    return d.tokens.map((token, i) => ({
      i,
      token,
      id: d.tokenIds[i],
      prob_1: d.m1.prob[i],
      prob_2: d.m2.prob[i],
      rank_1: d.m1.rank[i],
      rank_2: d.m2.rank[i],
      logprob_1: d.m1.logprob[i],
      logprob_2: d.m2.logprob[i],
      entropy_1: d.m1.entropy[i],
      entropy_2: d.m2.entropy[i],
      top1_agree: d.m1.topkIds[i * k] === d.m2.topkIds[i * k] ? 1 : 0,
      ...(d.pair ? { kl: d.pair.kl[i], kl_reverse: d.pair.kl_reverse[i], js: d.pair.js[i], tv: d.pair.tv[i] } : {}),
      topk_1: top(d.m1, i),
      topk_2: top(d.m2, i),
    }));
  }

  /** A one-paragraph summary: models, length, mean of the measure and who wins. */
  summary(measure: Measure = "prob_diff"): string {
    return instanceSummary(this.data, measure);
  }

  toJSON(): InstanceJSON {
    return instanceToJSON(this.data);
  }

  // Figures for papers.  Files are written atomically, so a reader never sees half a figure.

  /** The view as a standalone SVG figure sized in points (default view: composite). */
  toSVG(options: FigureOptionsInput = {}): string {
    return figureSVG(this.data, options);
  }

  /** Write the view as PNG (scale: pixels per point, default 2; or dpi). */
  savePNG(file: string, options: FigureOptionsInput & PNGOptions = {}): void {
    const [figure, png] = splitPNGOptions(options);
    atomicWriteFileSync(file, svgToPNG(figureSVG(this.data, figure), png));
  }

  /** Write the view as a one-page PDF of the figure's size, fonts embedded. */
  async savePDF(file: string, options: FigureOptionsInput = {}): Promise<void> {
    atomicWriteFileSync(file, await svgToPDF(figureSVG(this.data, options)));
  }

  /** The token strip as LaTeX \colorbox commands (standalone: a whole document). */
  toLaTeX(options: LaTeXOptionsInput = {}): string {
    return toLaTeX(this.data, options);
  }

  // Notebook display.

  /** The notebook view of this text. */
  view(options?: InstanceViewOptions): NotebookView {
    return instanceView(this.data, options);
  }

  /** text/html (the live view with its static picture) and text/plain. */
  /**
   * The view as a Jupyter widget the kernel can update on screen: `const w
   * = results.widget(); await w.show(); w.measure = "rank_diff"` (Deno's
   * kernel with JupyterLab's widget manager; tslab has no comms).
   */
  widget(options?: InstanceViewOptions): ViewWidget {
    return this.view(options).toWidget();
  }

  toMimeBundle(options?: InstanceViewOptions): ViewBundle {
    return this.view(options).toMimeBundle();
  }

  /** The view's HTML; with `standalone: true` a whole page that opens offline. */
  toHTML(options?: InstanceViewOptions & HtmlOptions): string {
    const { standalone, title, ...view } = options ?? {};
    return this.view(view).toHTML({ standalone, title });
  }

  /** Display the view now: tslab shows it at once; in Deno, `await` it; a script prints the summary. */
  show(options?: InstanceViewOptions): Promise<void> | undefined {
    return this.view(options).show();
  }

  /** What Deno's kernel shows for a cell that ends with this comparison. */
  [JUPYTER_DISPLAY](): ViewBundle {
    return this.view().toMimeBundle();
  }

  /** What console.log (and so tslab, for a cell's last value) prints: cheap, and never fails. */
  [inspect.custom](): string {
    return `InstanceComparison: ${this.summary()}\n(call .show() to display the view)`;
  }
}
