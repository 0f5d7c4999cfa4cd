import type { AlignedData } from "../core/AlignedData.js";
import { corpusToPayload } from "../core/corpusJson.js";
import { AGGREGATIONS } from "../core/aggregate.js";
import { columnName } from "../core/CorpusData.js";
import { PAIR_MEASURES, type CorpusMeasure } from "../core/measures.js";
import type { CorpusData } from "../core/CorpusData.js";
import { corpusSummary } from "../core/corpusSummary.js";
import type { InstanceData } from "../core/InstanceData.js";
import { LmdiffError } from "../core/LmdiffError.js";
import { MEASURE_INFO } from "../core/measures.js";
import { corpusSignificance } from "../render/corpusSignificance.js";
import { corpusValues } from "../render/corpusValues.js";
import { embeddedRows } from "./embeddedRows.js";
import { listedText } from "./listedText.js";
import { NotebookView } from "./NotebookView.js";
import { corpusViewOptions, type CorpusViewOptions, type ResolvedCorpusViewOptions } from "./viewOptions.js";
import { corpusPicture } from "./viewPicture.js";

const ORDER_WORDS = { abs: "by absolute value", desc: "largest first", asc: "smallest first" } as const;

function note(o: ResolvedCorpusViewOptions, total: number, embedded: number, cachesMissing: boolean, significance: boolean): string | null {
  if (embedded >= total) return null;
  const what = `${o.agg.replace("_", " ")} ${MEASURE_INFO[o.measure].label}`;
  if (cachesMissing)
    return `No token-level data is embedded: this comparison was loaded without its analysis caches, so texts cannot be opened here.`;
  const which =
    significance && o.rankBy === "significance"
      ? "the first of each model's list, by significance"
      : significance
        ? `the first of each model's list, by ${what}, ${ORDER_WORDS[o.order]}`
        : `the most extreme by ${what}, ${ORDER_WORDS[o.order]}`;
  return (
    `Token-level data is embedded for ${embedded} of ${total} texts (${which}). ` +
    `Other texts open from the kernel while it runs, in JupyterLab with lmdiff's extension; elsewhere show one with results.instance(i).show(), or raise { embed }.`
  );
}

/**
 * What a corpus view is made from: plain data, so that this layer needs
 * nothing above it (src/api's CorpusComparison passes its own).
 */
export interface CorpusViewInput {
  /** The per-text columns. */
  data: CorpusData;
  /** Notes on how the numbers were made, for the summary. */
  notes: readonly string[];
  /**
   * The data of table row r's text (AlignedData when the two models'
   * tokenizers differ); throws an LmdiffError "no-caches" when the
   * comparison has no caches.
   */
  instance: (row: number) => InstanceData | AlignedData;
}

/**
 * The notebook view of a corpus comparison: the whole LMdiff tool (global
 * view, outlier list, instance view) over the per-document table.  To keep
 * outputs small, only the token data of the texts a reader is offered
 * first, the `embed` most extreme, travels with it (plus `selected`, the
 * text shown below the global view in the combined view).
 */
export function corpusView(input: CorpusViewInput, options: CorpusViewOptions = {}): NotebookView {
  const o = corpusViewOptions(options);
  const data = input.data;
  const n = data.index.length;
  const values = corpusValues(data, o);
  const sig = corpusSignificance(data);
  const rows = embeddedRows(values, sig, o, o.embed, data.nTokens);
  let selectedRow: number | null = null;
  if (o.selected !== null) {
    selectedRow = data.index.indexOf(o.selected);
    if (selectedRow < 0)
      throw new LmdiffError(
        `invalid selected ${o.selected} (expected the index of a text of ${data.dataset}, from 0 to ${n - 1})`,
        "bad-option",
      );
    if (!rows.includes(selectedRow)) rows.push(selectedRow);
  }
  let instances: (InstanceData | AlignedData)[] = [];
  let cachesMissing = false;
  try {
    // Rows of the table are documents of the caches in the same order; the
    // views look texts up by their corpus index.
    instances = rows.map((r) => ({ ...input.instance(r), index: data.index[r] }));
  } catch (e) {
    if ((e as LmdiffError).code !== "no-caches") throw e;
    cachesMissing = true;
  }
  const selected = selectedRow === null ? undefined : instances.find((d) => d.index === o.selected);
  const models = [data.models[0].name, data.models[1].name] as const;
  let summary = corpusSummary({ models, dataset: data.dataset, values, measure: o.measure, agg: o.agg, notes: input.notes });
  if (o.selected !== null) summary += ` Selected: text #${o.selected}.`;
  return new NotebookView(
    {
      v: 1,
      kind: "corpus",
      measure: o.measure,
      rankBy: o.rankBy,
      // Light outputs (issue #12): float32 columns, half the size of exact
      // doubles, as the views show three digits; texts as long as the list shows them.
      corpus: corpusToPayload({ ...data, text: data.text.map(listedText), values: notebookColumns(data.values, o.measure) }, instances, {
        valuesType: "float32",
      }),
      selected: selected ? o.selected : null,
      note: note(o, n, instances.length, cachesMissing, sig !== null),
    },
    corpusPicture(data, o, selected),
    summary,
    cachesMissing ? undefined : (index) => loadByIndex(input, index),
  );
}

/** A text's token data by its corpus index, for the page's requests (viewBridge.ts). */
function loadByIndex(input: CorpusViewInput, index: number): InstanceData | AlignedData {
  const row = input.data.index.indexOf(index);
  if (row < 0) throw new Error(`text #${index} is not in this comparison`);
  return { ...input.instance(row), index };
}

/**
 * The columns a notebook output carries: every aggregation of the paper's
 * difference measures and of the measure shown, the mean of KL and of same
 * top-1 (the scatter and the picker; `results.view({ measure: "js" })`
 * shows any other), and the significance columns the ranking reads.  The
 * kernel holds every column (the results table); an output is a reader's
 * view and keeps within issue #12's budget of 1 MB a notebook: all 58
 * columns of a joint comparison made a corpus view of 1,476 texts 270 KB
 * heavier than the paper's 30.
 */
function notebookColumns(values: Record<string, Float64Array>, shown: CorpusMeasure): Record<string, Float64Array> {
  const summary = new Set([columnName("kl", "mean"), columnName("top1_agree", "mean"), "logprob_diff_se", "logprob_diff_q"]);
  const keep = (name: string) => {
    if (summary.has(name)) return true;
    const pair = PAIR_MEASURES.find((m) => AGGREGATIONS.some((a) => name === columnName(m, a)));
    if (pair) return pair === shown;
    return !name.startsWith("logprob_diff_") || AGGREGATIONS.some((a) => name === columnName("logprob_diff", a));
  };
  return Object.fromEntries(Object.entries(values).filter(([name]) => keep(name)));
}
