/**
 * Compare two models on one text: print the summary and the tokens where
 * they disagree most (the characters, for two models with different
 * tokenizers), and write the view as one HTML file that opens offline.
 *
 *   npx tsx examples/compare-text.ts ["your text"] [model1] [model2]
 *
 * "lmdiff" is this repository (a package may import itself by name), so
 * build it first: npm run build.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compare, isAligned } from "lmdiff";

async function main() {
  const [text = "A penny saved is a penny earned. The early bird catches the worm.", m1 = "tiny-en", m2 = "tiny-en-distil"] =
    process.argv.slice(2);
  const result = await compare(m1, m2, text);
  console.log(result.summary());

  if (isAligned(result.data)) {
    // Different tokenizers (say tiny-en and tiny-de): the models are compared on the text's characters.
    const chars = result.chars().sort((a, b) => Math.abs(b.bits_diff) - Math.abs(a.bits_diff));
    console.table(
      chars.slice(0, 5).map((c) => ({ char: c.char, [`bits (${m1})`]: +c.bits_1.toFixed(2), [`bits (${m2})`]: +c.bits_2.toFixed(2) })),
    );
  } else {
    const data = result.data;
    const diff = result.measure("prob_diff");
    const order = Array.from(diff.keys()).sort((a, b) => Math.abs(diff[b]) - Math.abs(diff[a]));
    console.table(
      order.slice(0, 5).map((i) => ({
        token: data.tokens[i],
        [`p(${m1})`]: +data.m1.prob[i].toFixed(4),
        [`p(${m2})`]: +data.m2.prob[i].toFixed(4),
      })),
    );
  }

  const file = path.join(os.tmpdir(), "lmdiff-text.html");
  fs.writeFileSync(file, result.toHTML({ standalone: true, title: `${m1} vs ${m2}` }));
  console.log(`open ${file}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
