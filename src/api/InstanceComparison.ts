import { inspect } from "node:util";
import { isAligned, type AlignedData } from "../core/AlignedData.js";
import { alignedMeasure } from "../core/alignedMeasure.js";
import { alignedNotes } from "../core/alignedNotes.js";
import { alignedSummary, charWins } from "../core/alignedSummary.js";
import { alignedTextJSON, alignedTokensJSON, type AlignedTextJSON, type AlignedTokenJSON } from "../core/alignedTextJson.js";
import type { InstanceData } from "../core/InstanceData.js";
import { LmdiffError } from "../core/LmdiffError.js";
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

/** One character of a comparison of two tokenizers (InstanceComparison.chars()). */
export interface CharRow {
  i: number;
  char: string;
  bytes: number;
  bits_1: number;
  bits_2: number;
  /** bits_2 − bits_1: positive where model 2 needs more bits. */
  bits_diff: number;
  /** The token of each model that owns (a part of) this character. */
  token_1: number;
  token_2: number;
}

/**
 * The comparison of one text by two models: what `compare(m1, m2, "a
 * text")` and `results.instance(i)` return.  Token by token (InstanceData)
 * when the models share a tokenizer; on the text's bytes (AlignedData)
 * when they do not, where measures are per character (bits_diff, bits_1,
 * bits_2), rows are characters (chars()) and each model's own tokens are
 * tokens(1) and tokens(2).  It offers everything a user does with the
 * numbers: measures, rows and a summary; figures for papers (SVG, PNG,
 * PDF, LaTeX); and notebook display (tslab, Deno, HTML).  Each method
 * delegates to the layer that owns the work (core, export, notebook).
 */
export class InstanceComparison {
  constructor(readonly data: InstanceData | AlignedData) {}

  /**
   * What a reader of the numbers should know about how they were made, one
   * sentence each: for two tokenizers, that they are compared on bytes and
   * whether a model's bits are pseudo-log-likelihoods.
   */
  get notes(): string[] {
    return isAligned(this.data) ? alignedNotes(this.data) : [];
  }

  /** Whether the two models were compared on bytes (their tokenizers differ). */
  get aligned(): boolean {
    return isAligned(this.data);
  }

  /** Tokens (one tokenizer) or characters (two). */
  get length(): number {
    return isAligned(this.data) ? this.data.chars.length : this.data.tokens.length;
  }

  /** One value per token (or per character, for two tokenizers) of a measure; differences are model 2 minus model 1. */
  measure(name: Measure): Float64Array {
    return isAligned(this.data) ? alignedMeasure(this.data, name) : instanceMeasure(this.data, name);
  }

  /** Tokens (characters, for two tokenizers) each model wins under a measure, and ties. */
  wins(name?: Measure): TokenWins {
    return isAligned(this.data) ? charWins(this.data, name ?? "bits_diff") : tokenWins(this.data, name ?? "prob_diff");
  }

  /** Per character: both models' bits (two tokenizers only). */
  chars(): CharRow[] {
    const d = this.requireAligned("chars()");
    const owner = (w: 0 | 1) => {
      const s = d.sides[w];
      const o = new Int32Array(d.chars.length).fill(-1);
      for (let t = 0; t < s.tokens.length; t++) for (let c = s.start[t]; c < s.end[t]; c++) if (o[c] < 0) o[c] = t;
      return o;
    };
    const [o1, o2] = [owner(0), owner(1)];
    return d.chars.map((char, i) => ({
      i,
      char,
      bytes: d.charBytes[i],
      bits_1: d.bits1[i],
      bits_2: d.bits2[i],
      bits_diff: d.bits2[i] - d.bits1[i],
      token_1: o1[i],
      token_2: o2[i],
    }));
  }

  /** One model's own tokens, with the characters each owns and its bits (two tokenizers only). */
  tokens(model: 1 | 2): AlignedTokenJSON[] {
    return alignedTokensJSON(this.requireAligned(`tokens(${model})`), model === 1 ? 0 : 1);
  }

  private requireAligned(what: string): AlignedData {
    if (!isAligned(this.data))
      throw new LmdiffError(`${what} is for models with different tokenizers; these share one: use toArray()`, "bad-option");
    return this.data;
  }

  /** One row per token with both models' numbers (one tokenizer; for two, see chars() and tokens()). */
  toArray(): TokenRow[] {
    if (isAligned(this.data))
      throw new LmdiffError(
        `${this.data.models[0].name} and ${this.data.models[1].name} have different tokenizers, so there is no row per shared token: use chars() or tokens(1) / tokens(2)`,
        "bad-option",
      );
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
  summary(measure?: Measure): string {
    return isAligned(this.data) ? alignedSummary(this.data, measure ?? "bits_diff") : instanceSummary(this.data, measure ?? "prob_diff");
  }

  /** The numbers as JSON: the compact token-level form, or for two tokenizers the form of lmdiff text --json. */
  toJSON(): InstanceJSON | AlignedTextJSON {
    return isAligned(this.data) ? alignedTextJSON(this.data) : instanceToJSON(this.data);
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
