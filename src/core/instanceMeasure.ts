import type { InstanceData } from "./InstanceData.js";
import { computeMeasure, type Measure } from "./measures.js";
import { maybeMeasure } from "./options.js";

/**
 * One value per token of a measure (model 2 minus model 1 for differences)
 * over the tokens [start, end) of a text's comparison, the measure name
 * checked.  The one place views, figures and summaries read a measure from
 * InstanceData, so that the joint measures (data.pair) reach all of them.
 */
export function instanceMeasure(data: InstanceData, name: Measure, start = 0, end = data.tokens.length): Float64Array {
  return computeMeasure(maybeMeasure(name), data.m1, data.m2, data.k, data.maxClampRank, start, end, data.pair);
}
