import * as path from "node:path";
import type { Command } from "commander";
import { CorpusComparison } from "../api/CorpusComparison.js";
import { AGGREGATIONS } from "../core/aggregate.js";
import type { AlignedData } from "../core/AlignedData.js";
import type { InstanceData } from "../core/InstanceData.js";
import { LmdiffError } from "../core/LmdiffError.js";
import { MEASURES } from "../core/measures.js";
import { DEFAULT_MAX_CLAMP_RANK, DEFAULT_TOP_K, keyword } from "../core/options.js";
import { atomicWriteFileSync } from "../engine/atomicWrite.js";
import { compareText } from "../engine/compareText.js";
import { loadModel, type LoadOptions } from "../engine/Model.js";
import { readProjectConfig } from "../engine/ProjectConfig.js";
import { figureOptions, FONT_FAMILIES, VIEWS, type FigureOptionsInput } from "../export/figureOptions.js";
import { figureLayout } from "../export/figureSVG.js";
import { latexOptions, type LaTeXOptionsInput } from "../export/latexOptions.js";
import { svgToPDF } from "../export/svgToPDF.js";
import { svgToPNG, type PNGOptions } from "../export/svgToPNG.js";
import { toLaTeX } from "../export/toLaTeX.js";
import { PALETTES } from "../render/renderOptions.js";
import { DTYPE_PAIR_HELP, modelLoadOptions } from "./globalOptions.js";
import { intOption } from "./intOption.js";

/** The options of `lmdiff export`, as commander gives them: strings, checked by figureOptions and latexOptions. */
interface ExportCliOptions {
  config?: string;
  doc?: string;
  dataset?: string;
  m1?: string;
  m2?: string;
  text?: string;
  dtype?: string;
  view?: string;
  format?: string;
  output?: string;
  measure?: string;
  agg?: string;
  palette?: string;
  grayscale?: boolean;
  /** false with --no-legend. */
  legend: boolean;
  width?: string;
  fontFamily?: string;
  fontSize?: string;
  title?: string;
  caption?: string;
  token?: string;
  scale?: string;
  dpi?: string;
  standalone?: boolean;
  topK: string;
  maxClampRank: string;
}

const FORMATS = ["svg", "png", "pdf", "tex"] as const;
type Format = (typeof FORMATS)[number];

/** --format, else the output file's extension, else svg. */
export function exportFormat(format: string | undefined, output: string | undefined): Format {
  if (format !== undefined) return keyword("format", format, FORMATS);
  const ext = output ? path.extname(output).slice(1).toLowerCase() : "";
  if (ext === "") return "svg";
  return keyword("format (from the extension of -o)", ext, FORMATS);
}

/**
 * `lmdiff export`: a view as a figure for a paper.  The data come either
 * from a preprocessed folder (--config DIR, the comparison picked by
 * --m1/--m2/--dataset or the first, --doc for a view of one text) or from
 * a live text compared by two models (--m1 M1 --m2 M2 --text "…").
 */
export function exportCommand(program: Command): void {
  program
    .command("export")
    .description("export a view as a figure for a paper: SVG, PNG, PDF or LaTeX")
    .option("--config <dir>", "a folder written by `lmdiff preprocess all … --output-dir DIR`")
    .option("--doc <i>", "with --config: the document whose token-level view to export")
    .option("--dataset <name>", "with --config: the dataset of the comparison")
    .option("--m1 <model>", "model 1 (with --text: the model to run; with --config: picks the comparison)")
    .option("--m2 <model>", "model 2 (as --m1)")
    .option("--text <text>", "compare the two models on this text (- reads standard input)")
    .option("--view <view>", `${VIEWS.join(", ")} (default: global for a corpus, composite for a text)`)
    .option("--format <format>", `${FORMATS.join(", ")} (default: from the extension of -o, else svg)`)
    .option("-o, --output <file>", "the file to write (svg and tex go to standard output without it)")
    .option("--measure <name>", `colour by (${MEASURES.join(", ")})`)
    .option("--agg <name>", `per-text aggregation of the global view (${AGGREGATIONS.join(", ")})`)
    .option("--palette <name>", `colour-blind-safe palette (${PALETTES.join(", ")})`)
    .option("--grayscale", "grey fills, model 2's side marked by dashed outlines (for print)")
    .option("--no-legend", "leave out the legend that says what the colours mean")
    .option("--width <pt>", "figure width in points (default 455, the text width of an ACL paper)")
    .option("--font-family <name>", `label font (${FONT_FAMILIES.join(", ")})`)
    .option("--font-size <pt>", "size of the token text in points")
    .option("--title <text>", "a title above the figure")
    .option("--caption <text>", "a caption below the figure")
    .option("--token <i>", "the token of the topk view (0-based)")
    .option("--scale <k>", "png: pixels per point (default 2)")
    .option("--dpi <n>", "png: pixels per inch instead of --scale")
    .option("--standalone", "tex: a complete document rather than a snippet")
    .option("--top-k <k>", "with --text: size of the top-k lists", String(DEFAULT_TOP_K))
    .option("--max-clamp-rank <n>", "with --text: cap of clamped_rank_diff", String(DEFAULT_MAX_CLAMP_RANK))
    .option("--dtype <dtype>", `with --text: ${DTYPE_PAIR_HELP}`)
    .action(async (o: ExportCliOptions) => {
      const format = exportFormat(o.format, o.output);
      if ((format === "png" || format === "pdf") && !o.output) throw new LmdiffError(`--format ${format} needs -o FILE`, "bad-option");
      if (o.config && o.text !== undefined) throw new LmdiffError("give either --config DIR or --text, not both", "bad-option");
      if (!o.config && o.text === undefined)
        throw new LmdiffError("give --config DIR (a preprocessed folder) or --m1, --m2 and --text", "bad-option");
      const fig: FigureOptionsInput = {
        view: o.view,
        width: o.width,
        fontFamily: o.fontFamily,
        fontSize: o.fontSize,
        title: o.title,
        caption: o.caption,
        legend: o.legend,
        token: o.token,
        measure: o.measure,
        agg: o.agg,
        palette: o.palette,
        grayscale: o.grayscale === true ? true : undefined,
      };
      for (const k of Object.keys(fig) as (keyof FigureOptionsInput)[]) if (fig[k] === undefined) delete fig[k];
      const tex: LaTeXOptionsInput = {
        measure: o.measure,
        palette: o.palette,
        grayscale: fig.grayscale,
        legend: o.legend,
        standalone: o.standalone === true,
        width: o.width,
      };
      for (const k of Object.keys(tex) as (keyof LaTeXOptionsInput)[]) if (tex[k] === undefined) delete tex[k];
      const png: PNGOptions = {};
      if (o.scale !== undefined) png.scale = Number(o.scale);
      if (o.dpi !== undefined) png.dpi = Number(o.dpi);
      // Check every option before loading models or caches, so a typo fails fast.
      if (format === "tex") latexOptions(tex);
      else figureOptions(fig);

      let data: Parameters<typeof figureLayout>[0];
      if (o.config) {
        const corpus = loadCorpus(o.config, o);
        const view = o.view ?? (o.doc === undefined ? "global" : "composite");
        if (view !== "global" || format === "tex") {
          if (o.doc === undefined)
            throw new LmdiffError(
              `the ${format === "tex" ? "LaTeX strip" : `${view} view`} shows one text; pass --doc (0 to ${corpus.length - 1})`,
              "bad-option",
            );
          data = corpus.instance(intOption("--doc", o.doc, 0, corpus.length - 1)).data;
        } else {
          data = corpus.toCorpusData();
          // Two tokenizers' corpora have bits_diff, not prob_diff: the comparison's own default.
          fig.measure ??= corpus.defaultMeasure;
        }
        fig.view = view;
      } else {
        if (!o.m1 || !o.m2) throw new LmdiffError("--text needs --m1 and --m2 (the two models to compare)", "bad-option");
        const text = o.text === "-" ? await readStdin() : String(o.text);
        const loads = modelLoadOptions(program, o, 2);
        data = await compareLive(
          o.m1,
          o.m2,
          text,
          intOption("--top-k", o.topK, 1),
          intOption("--max-clamp-rank", o.maxClampRank, 1),
          loads,
        );
      }

      let out: string | Uint8Array;
      if (format === "tex") out = toLaTeX(data as InstanceData | AlignedData, tex);
      else {
        const figure = figureLayout(data, fig);
        const title = o.title ?? "lmdiff figure";
        out = format === "svg" ? figure.svg : format === "png" ? svgToPNG(figure, png) : await svgToPDF(figure, { title });
        if (o.output) {
          process.stderr.write(`lmdiff: wrote ${o.output} (${format}, ${figure.width} × ${figure.height} pt)\n`);
        }
      }
      if (o.output) atomicWriteFileSync(o.output, out);
      else process.stdout.write(out);
      if (o.output && format === "tex") process.stderr.write(`lmdiff: wrote ${o.output} (LaTeX)\n`);
    });
}

/** The comparison of DIR/lmdiff.json picked by --m1, --m2 and --dataset (or the first). */
function loadCorpus(dir: string, o: { m1?: string; m2?: string; dataset?: string }): CorpusComparison {
  const cfg = readProjectConfig(dir);
  const all = cfg.comparisons;
  const hits = all.filter((c) => (!o.m1 || c.m1 === o.m1) && (!o.m2 || c.m2 === o.m2) && (!o.dataset || c.dataset === o.dataset));
  if (hits.length === 0) {
    const list = all.map((c) => `${c.m1} vs ${c.m2} on ${c.dataset}`).join("; ") || "none";
    throw new LmdiffError(
      `${dir} has no comparison matching ${[o.m1 && `--m1 ${o.m1}`, o.m2 && `--m2 ${o.m2}`, o.dataset && `--dataset ${o.dataset}`].filter(Boolean).join(" ")} (available: ${list})`,
      "not-found",
      404,
    );
  }
  return CorpusComparison.load(path.join(dir, hits[0].file));
}

async function compareLive(
  s1: string,
  s2: string,
  text: string,
  topK: number,
  maxClampRank: number,
  [load1, load2]: LoadOptions[],
): Promise<InstanceData | AlignedData> {
  const m1 = await loadModel(s1, load1);
  try {
    const m2 = await loadModel(s2, load2);
    try {
      return await compareText(m1, m2, text, { topK, maxClampRank });
    } finally {
      await m2.dispose();
    }
  } finally {
    await m1.dispose();
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
