/**
 * The notebooks' content: a quick start and the case studies of the LMdiff
 * paper (Strobelt et al., EMNLP 2021 demos, section 4), redone with the
 * bundled tiny models and corpora.  notebooks/build.ts writes each one for
 * tslab and for Deno.
 */
export type Kernel = "tslab" | "deno";

export interface Cell {
  kind: "markdown" | "code";
  text: string | ((k: Kernel) => string);
}

export interface CaseStudy {
  file: string;
  /** Bundled models and corpora the notebook needs (scripts/execute-notebooks.sh checks them). */
  models: string[];
  datasets: string[];
  cells(k: Kernel): Cell[];
}

const md = (text: string): Cell => ({ kind: "markdown", text });
const code = (text: string | ((k: Kernel) => string)): Cell => ({ kind: "code", text });

/** Show a view: tslab displays at once; Deno's display is awaited so the output leaves before the cell ends. */
const show = (k: Kernel, expr: string) => (k === "tslab" ? `${expr}.show();` : `await ${expr}.show();`);

function intro(k: Kernel, title: string, body: string): Cell {
  const kernel =
    k === "tslab"
      ? "This notebook runs in the **tslab** TypeScript kernel."
      : "This notebook runs in **Deno**'s Jupyter kernel (`deno jupyter`).";
  return md(
    `# ${title}\n\n${body}\n\n${kernel} Set up once with \`bash scripts/notebook-setup.sh\` (it registers the kernels and makes \`"lmdiff"\` resolve to this repository inside \`notebooks/\`). ` +
      `Each view below is live where the notebook's scripts run (hover a token for both models' predictions) and a static picture elsewhere. In JupyterLab, where a notebook executed elsewhere is untrusted and its scripts do not run, install lmdiff's extension once (\`npx lmdiff jupyter install\`): the views are then live in any notebook, and clicks in them become kernel values (\`view.selection\`).`,
  );
}

/** A table of the most extreme texts, with the text cut short for reading. */
const topTable = (expr: string, measure: string, opts = "k: 5") =>
  `console.table(${expr}.top("${measure}", { ${opts} }).map((r) => ({ index: r.index, value: +r.value.toFixed(4), text: r.text.length > 70 ? r.text.slice(0, 70) + "…" : r.text })));`;

export const CASE_STUDIES: CaseStudy[] = [
  {
    file: "00-quickstart",
    models: ["tiny-en", "tiny-en-distil"],
    datasets: [],
    cells: (k) => [
      intro(k, "lmdiff: quick start", "Compare two language models token by token: one text, then a small corpus, then the results as data."),
      code(`import { compare, bundledModels, bundledDatasets } from "lmdiff";\nconsole.log(bundledModels().join(", "));\nconsole.log(bundledDatasets().map((d) => d.name).join(", "));`),
      md("A string is one text: both models score it, token by token."),
      code(`const one = await compare("tiny-en", "tiny-en-distil", "A penny saved is a penny earned. The early bird catches the worm.");`),
      md(
        k === "tslab"
          ? "tslab prints the last value of a cell as text, so a comparison prints its summary; `.show()` displays the view."
          : "Deno displays the last value of a cell with its `Jupyter.display` method: a comparison shows its view. (`await x.show()` does the same anywhere in a cell.)",
      ),
      code(`one`),
      code((kk) => show(kk, "one")),
      md("The numbers behind the view, one row per token:"),
      code(`console.table(one.toArray().slice(0, 8).map((r) => ({ token: r.token, prob_1: +r.prob_1.toFixed(4), prob_2: +r.prob_2.toFixed(4), rank_1: r.rank_1, rank_2: r.rank_2 })));`),
      md("An array of texts is a corpus: each model analyses it once (cached), and the result is a table with one row per text."),
      code(
        `const texts = [\n  "Look before you leap.",\n  "Too many cooks spoil the broth.",\n  "Where there is smoke there is fire.",\n  "A watched pot never boils.",\n  "Colorless green ideas sleep furiously.",\n  "The cat sat on the mat and the dog sat on the log.",\n  "lorem ipsum dolor sit amet consectetur",\n  "1 2 3 4 5 6 7 8 9 10",\n];\nconst small = await compare("tiny-en", "tiny-en-distil", texts);\nconsole.log(small.summary());`,
      ),
      md("The combined view: the global view of the corpus and, below it, the text with the largest difference."),
      code((kk) => show(kk, `small.view({ selected: small.top("prob_diff", { k: 1 })[0].index })`)),
      md("Programmatic use: an Apache Arrow table, outliers, a histogram, any text's token-level comparison, and files."),
      code(
        `import * as os from "node:os";\nimport * as path from "node:path";\nconsole.log(small.table.numRows, "rows;", small.table.schema.fields.length, "columns, e.g.", small.table.schema.fields.slice(0, 5).map((f) => f.name).join(", "));\nconsole.log(small.histogram("prob_diff", { bins: 4 }));\nconst file = path.join(os.tmpdir(), "lmdiff-quickstart.parquet");\nsmall.save(file);\nsmall.save(file.replace(/parquet$/, "csv"));\nconsole.log("saved", file);\nconsole.log(small.instance(3).summary());`,
      ),
      md("A view as one HTML file that opens offline in any browser:"),
      code(`import * as fs from "node:fs";\nconst page = path.join(os.tmpdir(), "lmdiff-quickstart.html");\nfs.writeFileSync(page, one.toHTML({ standalone: true }));\nconsole.log(page, Math.round(fs.statSync(page).size / 1024), "KB");`),
    ],
  },
  {
    file: "01-which-model-wrote-it",
    models: ["tiny-en", "tiny-en-distil"],
    datasets: ["tiny-en-samples"],
    cells: (k) => [
      intro(
        k,
        "Which model wrote this text?",
        "The paper's first case study: texts generated by a model get higher probabilities from that model than from another. `tiny-en-samples` holds 600 texts sampled from `tiny-en` (top-k 40); we score them with `tiny-en` (model 1) and its distilled student `tiny-en-distil` (model 2).",
      ),
      code(`import { compare } from "lmdiff";\nconst results = await compare("tiny-en", "tiny-en-distil", { dataset: "tiny-en-samples" });\nconsole.log(results.summary("logprob_diff"));`),
      md("Red texts and tokens favour model 1 (the writer); a negative difference means model 1 gave the text the higher log-probability. The histogram of the per-text mean sits on model 1's side:"),
      code((kk) => show(kk, `results.view({ measure: "logprob_diff" })`)),
      md("The texts where the writer's advantage is largest (most negative first):"),
      code(topTable("results", "logprob_diff", `k: 5, order: "asc"`)),
      md("A human-written sentence for contrast: the advantage disappears or turns."),
      code(
        `const human = await compare("tiny-en", "tiny-en-distil", "I left the keys on the kitchen table before I went to the station this morning.");\nconst sample = results.instance(results.top("logprob_diff", { k: 1, order: "asc" })[0].index);\nconsole.log("sample:", sample.summary("logprob_diff"));\nconsole.log("human: ", human.summary("logprob_diff"));`,
      ),
      code((kk) => show(kk, `human.view({ measure: "logprob_diff" })`)),
    ],
  },
  {
    file: "02-finetuning",
    models: ["tiny-en", "tiny-en-bible"],
    datasets: ["kjv", "fortunes-en"],
    cells: (k) => [
      intro(
        k,
        "What did finetuning change?",
        "`tiny-en-bible` is `tiny-en` finetuned on King James Bible verses. In its domain (held-out `kjv` verses) it should win clearly; out of domain (`fortunes-en`) the base model should keep the edge.",
      ),
      code(
        `import { compare } from "lmdiff";\nconst inDomain = await compare("tiny-en", "tiny-en-bible", { dataset: "kjv" });\nconst outDomain = await compare("tiny-en", "tiny-en-bible", { dataset: "fortunes-en" });\nconsole.log(inDomain.summary());\nconsole.log(outDomain.summary());`,
      ),
      md("In domain: blue (model 2, the finetuned one) dominates. The list and the text below show where."),
      code((kk) => show(kk, `inDomain.view({ selected: inDomain.top("prob_diff", { k: 1 })[0].index })`)),
      md("Out of domain the base model keeps the edge on most texts. The texts where the finetuned model still wins most (largest positive differences) are worth reading:"),
      code((kk) => show(kk, "outDomain")),
      code(topTable("outDomain", "prob_diff", `k: 8, order: "desc"`)),
    ],
  },
  {
    file: "03-distillation",
    models: ["tiny-en", "tiny-en-distil"],
    datasets: ["fortunes-en"],
    cells: (k) => [
      intro(
        k,
        "What does the distilled model miss?",
        "`tiny-en-distil` has half of `tiny-en`'s layers and learned from its predictions. The global view over `fortunes-en` shows where the student and the teacher disagree most; the outliers are where to look.",
      ),
      code(`import { compare } from "lmdiff";\nconst results = await compare("tiny-en", "tiny-en-distil", { dataset: "fortunes-en" });\nconsole.log(results.summary());`),
      code((kk) => show(kk, "results")),
      md("The biggest outliers by the mean clamped rank difference, and the first one token by token:"),
      code(topTable("results", "clamped_rank_diff", "k: 8")),
      code((kk) => show(kk, `results.view({ measure: "clamped_rank_diff", selected: results.top("clamped_rank_diff", { k: 1 })[0].index })`)),
      md("How the differences are spread (the histogram as data):"),
      code(`console.table(results.histogram("prob_diff", { bins: 8 }).map((b) => ({ from: +b.x0.toFixed(3), to: +b.x1.toFixed(3), texts: b.count })));`),
    ],
  },
  {
    file: "04-coreference",
    models: ["tiny-en", "tiny-en-distil"],
    datasets: ["coref", "coref-addendum"],
    cells: (k) => [
      intro(
        k,
        "Coreference: who does the pronoun refer to?",
        "Templated sentences name two occupations and a pronoun (`coref`); `coref-addendum` repeats each one with \"… [pronoun] refers to the [occupation].\" Comparing the two corpora isolates how each model scores the resolution itself.",
      ),
      code(
        `import { compare } from "lmdiff";\nconst plain = await compare("tiny-en", "tiny-en-distil", { dataset: "coref" });\nconst addendum = await compare("tiny-en", "tiny-en-distil", { dataset: "coref-addendum" });\nconsole.log(plain.summary());\nconsole.log(addendum.summary());`,
      ),
      code((kk) => show(kk, `addendum.view({ selected: addendum.top("prob_diff", { k: 1 })[0].index })`)),
      md("Scoring both referents directly: the mean log-probability each model gives the final words, for the right and the wrong occupation."),
      code(
        `const base = "The doctor called the nurse because she needed help with the forms. She refers to the";\nfor (const who of ["doctor", "nurse"]) {\n  const c = await compare("tiny-en", "tiny-en-distil", \`\${base} \${who}.\`);\n  const tail = c.toArray().slice(-3);\n  const mean = (f: (r: (typeof tail)[number]) => number) => (tail.reduce((s, r) => s + f(r), 0) / tail.length).toFixed(3);\n  console.log(who.padEnd(7), "tiny-en", mean((r) => r.logprob_1), " tiny-en-distil", mean((r) => r.logprob_2));\n}`,
      ),
      code(topTable("addendum", "logprob_diff", `k: 6, order: "asc"`)),
    ],
  },
  {
    file: "05-masked-models",
    models: ["tiny-mlm-en", "tiny-mlm-en-distil"],
    datasets: ["fortunes-en"],
    cells: (k) => [
      intro(
        k,
        "Masked language models",
        "LMdiff also compares masked models: each token is masked in turn and scored from both sides of its context. Here `tiny-mlm-en` and its distilled student, on one sentence and on the first 150 fortunes.",
      ),
      code(`import { compare, loadDataset, inlineDataset } from "lmdiff";\nconst one = await compare("tiny-mlm-en", "tiny-mlm-en-distil", "The early bird catches the worm, but the second mouse gets the cheese.");\nconsole.log(one.summary());`),
      code((kk) => show(kk, "one")),
      code(
        `const first = inlineDataset(loadDataset("fortunes-en").texts.slice(0, 150), "fortunes-en-150");\nconst results = await compare("tiny-mlm-en", "tiny-mlm-en-distil", first);\nconsole.log(results.summary("rank_diff"));`,
      ),
      code((kk) => show(kk, `results.view({ measure: "rank_diff" })`)),
    ],
  },
  {
    file: "06-odd-data",
    models: ["tiny-de", "tiny-de-witze"],
    datasets: ["fortunes-de"],
    cells: (k) => [
      intro(
        k,
        "Finding odd data with the outlier search",
        "The paper used LMdiff's outliers to find surprising texts in a corpus. `tiny-de-witze` is `tiny-de` finetuned on German jokes; run over the general German fortunes (`fortunes-de`), the texts it likes most stand out: jokes, dialogue and repeated patterns that a data curator may want to know about. Aggregating by the maximum instead of the mean finds texts with one very odd token.",
      ),
      code(`import { compare } from "lmdiff";\nconst results = await compare("tiny-de", "tiny-de-witze", { dataset: "fortunes-de" });\nconsole.log(results.summary());`),
      md("Texts the joke model prefers most (mean probability difference; positive means model 2, the joke model, gives the higher probability):"),
      code(topTable("results", "prob_diff", `k: 8, order: "desc"`)),
      md("Texts with the single most extreme token (maximum clamped rank difference): often lists, numbers or markup."),
      code(topTable("results", "clamped_rank_diff", `k: 8, agg: "max"`)),
      code((kk) => show(kk, `results.view({ measure: "clamped_rank_diff", agg: "max", selected: results.top("clamped_rank_diff", { k: 1, agg: "max" })[0].index })`)),
      md("A filter of our own over the table: short texts with a large difference."),
      code(
        `const rows = results.toArray() as { index: number; text: string; n_tokens: number; prob_diff_mean: number }[];\nconsole.table(rows.filter((r) => r.n_tokens < 12 && Math.abs(r.prob_diff_mean) > 0.05).slice(0, 8).map((r) => ({ index: r.index, tokens: r.n_tokens, prob_diff_mean: +r.prob_diff_mean.toFixed(3), text: r.text })));`,
      ),
    ],
  },
  {
    file: "07-two-tokenizers",
    models: ["tiny-en", "tiny-de", "tiny-mlm-en"],
    datasets: ["fortunes-en", "fortunes-de"],
    cells: (k) => [
      intro(
        k,
        "Models with different tokenizers: comparing on bytes",
        "The paper compares only models with the same tokenization; lmdiff compares any two. When the tokenizers differ, each model reads the text with its own, each token's surprisal (−log₂ p) is spread evenly over the UTF-8 bytes it covers, and the two models are compared per character and in bits per byte. Here the English `tiny-en` and the German `tiny-de` (two byte-level BPEs of their own), on one German sentence and on English and German fortunes together; then `tiny-en` against the masked `tiny-mlm-en` (a WordPiece tokenizer, scored by pseudo-log-likelihood).",
      ),
      code(
        `import { compare, inlineDataset, loadDataset } from "lmdiff";\nconst one = await compare("tiny-en", "tiny-de", "Der frühe Vogel fängt den Wurm, aber die zweite Maus bekommt den Käse.");\nconsole.log(one.summary());\nconsole.log(one.notes.join("\\n"));`,
      ),
      md("Both segmentations over the same characters, coloured by the difference in bits per character (blue: `tiny-de` needs fewer). Hover a token for that model's top-k; click a character for both models' tokens over it."),
      code((kk) => show(kk, "one")),
      md("The characters where the two models differ most:"),
      code(`console.table(one.chars().sort((a, b) => Math.abs(b.bits_diff) - Math.abs(a.bits_diff)).slice(0, 8).map((c) => ({ char: c.char, bits_1: +c.bits_1.toFixed(2), bits_2: +c.bits_2.toFixed(2) })));`),
      md("A corpus of 150 English and 150 German fortunes: the table has each text's bytes, each model's bits and bits per byte; the global view ranks the texts by the bits-per-byte difference."),
      code(
        `const texts = [...loadDataset("fortunes-en").texts.slice(0, 150), ...loadDataset("fortunes-de").texts.slice(0, 150)];\nconst results = await compare("tiny-en", "tiny-de", inlineDataset(texts, "fortunes-en-de-300"));\nconsole.log(results.summary());`,
      ),
      code((kk) => show(kk, "results")),
      md("Where the gap lies (in the spirit of Marin's perplexity-gap report): per kind of character, per literal, per text."),
      code(`const gaps = results.gapReport({ top: 10 });\nconsole.log(gaps.toString(5));`),
      code((kk) => show(kk, "gaps")),
      md("A masked model against a causal one with another tokenizer: the masked model's numbers are pseudo-log-likelihoods (each token masked in turn), labelled as such, and not a compression rate."),
      code(`const mlm = await compare("tiny-en", "tiny-mlm-en", "The early bird catches the worm, but the second mouse gets the cheese.");\nconsole.log(mlm.summary());`),
      code((kk) => show(kk, "mlm")),
    ],
  },
];
