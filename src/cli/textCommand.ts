import type { Command } from "commander";
import { isAligned } from "../core/AlignedData.js";
import { alignedNotes } from "../core/alignedNotes.js";
import { alignedTextJSON } from "../core/alignedTextJson.js";
import { BYTE_MEASURES, MEASURE_INFO, MEASURES } from "../core/measures.js";
import { InstanceComparison } from "../api/InstanceComparison.js";
import { DEFAULT_MAX_CLAMP_RANK, DEFAULT_TOP_K, maybeMeasure } from "../core/options.js";
import { compareText } from "../engine/compareText.js";
import { loadModel, Model } from "../engine/Model.js";
import { colorScale, parseColor, textColorOn } from "../render/colorScale.js";
import { legendWords } from "../render/legend.js";
import { renderOptions } from "../render/renderOptions.js";
import { DTYPE_PAIR_HELP, isQuiet, MAX_MEMORY_HELP, modelLoadOptions, remoteOptions, type RemoteCliOptions } from "./globalOptions.js";
import { remoteLimitNotes } from "../engine/remoteLimitNotes.js";
import { intOption } from "./intOption.js";

/** The options of `lmdiff text`, as commander gives them. */
interface TextCliOptions extends RemoteCliOptions {
  measure?: string;
  topK: string;
  maxClampRank: string;
  json?: boolean;
  dtype?: string;
  maxMemory?: string;
}

/** `lmdiff text M1 M2 "text"`: the tokens coloured in the terminal, or the full comparison as JSON. */
export function textCommand(program: Command): void {
  remoteOptions(program.command("text"))
    .description("compare two models on one text: coloured tokens in the terminal, or --json")
    .argument("<m1>", "model 1")
    .argument("<m2>", "model 2")
    .argument("<text>", "the text (use - to read standard input)")
    .option(
      "--measure <name>",
      `colour by (${MEASURES.join(", ")}; for models with different tokenizers ${BYTE_MEASURES.join(", ")}) (default: prob_diff, or bits_diff)`,
    )
    .option("--top-k <k>", "size of the top-k lists", String(DEFAULT_TOP_K))
    .option("--max-clamp-rank <n>", "cap of clamped_rank_diff", String(DEFAULT_MAX_CLAMP_RANK))
    .option("--json", "print the full token-level comparison as JSON")
    .option("--dtype <dtype>", DTYPE_PAIR_HELP)
    .option("--max-memory <size>", MAX_MEMORY_HELP)
    .action(async (s1: string, s2: string, text: string, o: TextCliOptions) => {
      if (text === "-") text = await readStdin();
      const asked = o.measure === undefined ? undefined : maybeMeasure(o.measure);
      const [load1, load2] = modelLoadOptions(program, o, 2);
      const m1 = await loadModel(s1, load1);
      let m2: Model | undefined;
      try {
        m2 = await loadModel(s2, load2);
        const topK = intOption("--top-k", o.topK, 1);
        const r = new InstanceComparison(
          await compareText(m1, m2, text, { topK, maxClampRank: intOption("--max-clamp-rank", o.maxClampRank, 1) }),
        );
        const d = r.data;
        const measure = asked ?? (isAligned(d) ? "bits_diff" : "prob_diff");
        const k = isAligned(d) ? d.sides[0].k : d.k;
        // A measure these models do not have (a token measure of two tokenizers) is the only line on stderr.
        const values = r.measure(measure);
        // What a remote model's server did not measure (censored ranks, entropy), and how two tokenizers were lined up, said with the numbers.
        const notes = [m1, m2].flatMap((m, i) => {
          const f = m.remoteScoring?.facts;
          return f ? remoteLimitNotes(`model ${i + 1} (${m.name}, scored by ${m.spec})`, k, f.rankConvention, !f.entropyExact) : [];
        });
        if (isAligned(d)) notes.push(...alignedNotes(d));
        if (o.json) {
          const body = isAligned(d)
            ? { ...alignedTextJSON(d), summary: r.summary(measure), notes }
            : { models: d.models, text, k, summary: r.summary(measure), notes, tokens: r.toArray() };
          process.stdout.write(JSON.stringify(body, null, 1) + "\n");
          return;
        }
        if (!isQuiet(program)) for (const n of notes) process.stderr.write(`lmdiff: note: ${n}\n`);
        const scale = colorScale(measure, values, renderOptions({ measure }), k);
        const color = process.stdout.isTTY || process.env.FORCE_COLOR;
        // Tokens, or for two tokenizers characters, each on its colour.
        const pieces = isAligned(d) ? d.chars : d.tokens;
        let line = "";
        pieces.forEach((tok, i) => {
          const shown = tok.replace(/\n/g, "⏎\n");
          if (!color) return void (line += shown);
          const [R, G, B] = parseColor(scale.color(values[i]));
          const [fr, fg, fb] = parseColor(textColorOn(scale.color(values[i])));
          line += `\x1b[48;2;${R};${G};${B}m\x1b[38;2;${fr};${fg};${fb}m${shown}\x1b[0m`;
        });
        process.stdout.write(line + "\n\n");
        process.stdout.write(`${MEASURE_INFO[measure].label}: ${legendWords(measure, d.models, scale).join(" · ")}\n`);
        process.stdout.write(r.summary(measure) + "\n");
      } finally {
        await m1.dispose();
        await m2?.dispose();
      }
    });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
