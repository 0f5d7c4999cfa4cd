import cliProgress from "cli-progress";
import type { DownloadProgress } from "../engine/hubDownload.js";

const mb = (bytes: number) => (bytes < 2 ** 20 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 2 ** 20).toFixed(1)} MB`);

/**
 * How a hub download shows on stderr: on a terminal, a bar per file (bytes,
 * speed, ETA); elsewhere (a log, CI) one line as each file starts, so a log
 * says what was fetched without a line per chunk.  Nothing with --quiet.
 */
export function downloadProgress(quiet: boolean): ((p: DownloadProgress) => void) | undefined {
  if (quiet) return undefined;
  const tty = process.stderr.isTTY === true;
  let current = 0;
  let bar: cliProgress.SingleBar | undefined;
  return (p) => {
    if (p.index !== current) {
      bar?.stop();
      bar = undefined;
      current = p.index;
      if (!tty) {
        const size = p.total === undefined ? "" : ` (${mb(p.total)}${p.resumedFrom > 0 ? `, resuming at ${mb(p.resumedFrom)}` : ""})`;
        process.stderr.write(`lmdiff: downloading ${p.file}${size}\n`);
      } else if (p.total !== undefined) {
        bar = new cliProgress.SingleBar(
          {
            stream: process.stderr,
            format: `${p.file} [{bar}] {percentage}% | {done} of {size} | ETA {eta_formatted}`,
            hideCursor: true,
            etaBuffer: 50,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(p.total, p.bytes, { done: mb(p.bytes), size: mb(p.total) });
      } else process.stderr.write(`lmdiff: downloading ${p.file}\n`);
    }
    bar?.update(p.bytes, { done: mb(p.bytes) });
    if (p.done) {
      bar?.stop();
      bar = undefined;
      // The next model's download counts from 1 again.
      current = 0;
    }
  };
}
