import type { Command } from "commander";
import { serveOptions } from "../server/serveOptions.js";
import { startServer } from "../server/startServer.js";
import { analysisProgress } from "./progressBar.js";
import { DTYPE_PAIR_HELP, isQuiet, MAX_MEMORY_HELP } from "./globalOptions.js";

/** The options of `lmdiff serve`, as commander gives them: strings, checked by serveOptions. */
type ServeCliOptions = {
  config?: string;
  m1?: string;
  m2?: string;
  host: string;
  port: string;
  queueSize: string;
  timeLimit: string;
  maxText: string;
  threads?: string;
  dtype?: string;
  maxMemory?: string;
};

/** `lmdiff serve`: the LMdiff app in a browser, with live analysis of any text. */
export function serveCommand(program: Command): void {
  program
    .command("serve")
    .description("the LMdiff app: corpus comparisons and live analysis of any text, in a browser")
    .option("--config <dir>", "serve what `lmdiff preprocess all` wrote into DIR")
    .option("--m1 <model>", "live analysis only: model 1 (bundled name, folder, hub id or URL#NAME)")
    .option("--m2 <model>", "live analysis only: model 2")
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option("--port <n>", "port (0: any free port)", "8000")
    .option("--queue-size <n>", "live analyses that may wait; more get 429", "16")
    .option("--time-limit <s>", "seconds a live analysis may take, waiting included", "30")
    .option("--max-text <n>", "longest text for live analysis, in characters", "20000")
    .option("--threads <n>", "onnxruntime threads per model (default: all cores)")
    .option("--dtype <dtype>", `live analysis: ${DTYPE_PAIR_HELP}`)
    .option("--max-memory <size>", MAX_MEMORY_HELP)
    .option(
      "--tokenizer <spec>",
      "remote models (--m1/--m2 URL#NAME): the served model's tokenizer, a bundled name or a folder (key from LMDIFF_API_KEY)",
    )
    .addHelpText(
      "after",
      "\nWith neither --config nor --m1/--m2 it serves tiny-en vs tiny-en-distil on fortunes-en,\npreprocessed on first start into $LMDIFF_CACHE/default-app (default ~/.cache/lmdiff/default-app).",
    )
    .action(async (raw: ServeCliOptions) => {
      const quiet = isQuiet(program);
      await startServer(serveOptions(raw), {
        progress: (label) => analysisProgress(label, quiet),
        note: (line) => void (quiet || process.stderr.write(line + "\n")),
        onListening: (url) => void process.stdout.write(url + "\n"),
      });
    });
}
