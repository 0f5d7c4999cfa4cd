/**
 * Compare two models on one text: print the summary and the tokens where
 * they disagree most, and write the view as one HTML file that opens
 * offline.
 *
 *   npx tsx examples/compare-text.ts ["your text"] [model1] [model2]
 *
 * "lmdiff" is this repository (a package may import itself by name), so
 * build it first: npm run build.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compare } from "lmdiff";

async function main() {
  const [text = "A penny saved is a penny earned. The early bird catches the worm.", m1 = "tiny-en", m2 = "tiny-en-distil"] =
    process.argv.slice(2);
  const result = await compare(m1, m2, text);
  console.log(result.summary());

  const diff = result.measure("prob_diff");
  const order = Array.from(diff.keys()).sort((a, b) => Math.abs(diff[b]) - Math.abs(diff[a]));
  console.table(
    order.slice(0, 5).map((i) => ({
      token: result.data.tokens[i],
      [`p(${m1})`]: +result.data.m1.prob[i].toFixed(4),
      [`p(${m2})`]: +result.data.m2.prob[i].toFixed(4),
    })),
  );

  const file = path.join(os.tmpdir(), "lmdiff-text.html");
  fs.writeFileSync(file, result.toHTML({ standalone: true, title: `${m1} vs ${m2}` }));
  console.log(`open ${file}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
