import { inspect } from "node:util";
import type { Table } from "apache-arrow";
import { formatStats } from "../core/formatStats.js";
import type { PairStatsReport } from "../core/pairStatistics.js";
import { perTextTable, statsTable } from "../core/statsTables.js";

/**
 * The statistics of a corpus comparison (see pairStatistics): mean KL and
 * its percentiles, Δp, same top-1, the perplexity ratio with paired
 * errors, bootstrap intervals over texts, McNemar's test and per-text
 * significance.  What `results.stats()` returns and `lmdiff stats`
 * prints: the numbers (`report`), Arrow tables, and the printed table.
 */
export class ComparisonStats {
  constructor(readonly report: PairStatsReport) {}

  /** One row per statistic: statistic, value, se, low, high, token_se. */
  toTable(): Table {
    return statsTable(this.report);
  }

  /** One row per text: its mean log-probability difference with interval, p, q and which model is significantly better. */
  perText(): Table {
    return perTextTable(this.report);
  }

  /** The report as a plain-text table with ± and intervals. */
  toString(): string {
    return formatStats(this.report);
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
