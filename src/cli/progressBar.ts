import cliProgress from "cli-progress";
import type { Progress } from "../engine/analyze.js";

/**
 * A progress bar on stderr for an analysis: documents done of total, tokens
 * per second and ETA.  Silent with --quiet or when stderr is not a terminal
 * and LMDIFF_PROGRESS is not set (so logs stay clean).
 */
export function analysisProgress(label: string, quiet: boolean): { update: (p: Progress) => void; stop: () => void } {
  const show = !quiet && (process.stderr.isTTY || process.env.LMDIFF_PROGRESS === "1");
  if (!show) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} [{bar}] {percentage}% | {value}/{total} texts | {rate} tok/s | ETA {eta_formatted}`,
      hideCursor: true,
      noTTYOutput: !process.stderr.isTTY,
      notTTYSchedule: 2000,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const t0 = Date.now();
  let started = false;
  return {
    update(p) {
      if (!started) {
        bar.start(p.totalDocs, p.docs, { rate: "0" });
        started = true;
      }
      const s = (Date.now() - t0) / 1000;
      bar.update(p.docs, { rate: s > 0 ? Math.round(p.tokens / s).toLocaleString("en-US") : "0" });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
