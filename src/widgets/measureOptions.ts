import { html, nothing, type TemplateResult } from "lit";
import { BYTE_MEASURES, DIFF_MEASURES, MEASURE_INFO, PAIR_MEASURES, SINGLE_MEASURES, type Measure } from "../core/measures.js";

/** The picker's groups, in the order they are listed. */
const GROUPS: readonly { label: string; measures: readonly Measure[] }[] = [
  { label: "model 2 − model 1", measures: DIFF_MEASURES },
  { label: "distributions", measures: PAIR_MEASURES },
  { label: "one model", measures: SINGLE_MEASURES },
  { label: "on bytes (two tokenizers)", measures: BYTE_MEASURES },
];

/**
 * The <option>s of a measure picker: the `available` measures in groups
 * (differences, the pair measures, single-model measures; empty groups
 * left out).  A `selected` measure that is not available (a joint measure
 * asked of data from two separate caches) is listed first, disabled, so
 * that the picker shows what was asked rather than silently another
 * measure.
 */
export function measureOptions(available: readonly Measure[], selected: Measure): TemplateResult {
  const missing = !available.includes(selected);
  return html`${missing ? html`<option value=${selected} selected disabled>${MEASURE_INFO[selected].label} (not in this data)</option>` : nothing}
  ${GROUPS.map((g) => {
    const ms = g.measures.filter((m) => available.includes(m));
    return ms.length === 0
      ? nothing
      : html`<optgroup label=${g.label}>
          ${ms.map((m) => html`<option value=${m} ?selected=${m === selected} title=${MEASURE_INFO[m].description}>${MEASURE_INFO[m].label}</option>`)}
        </optgroup>`;
  })}`;
}
