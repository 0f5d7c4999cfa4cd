/**
 * Compare two models over a bundled corpus, list the texts where they
 * differ most, and write the combined view (global view + the biggest
 * outlier, token by token) as one offline HTML file.
 *
 *   npx tsx examples/corpus-outliers.ts [dataset] [model1] [model2]
 *
 * The first run analyses the corpus with both models (cached under
 * ~/.cache/lmdiff/analysis); later runs take a second.  Build first: npm run build.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compare } from "lmdiff";

async function main() {
  const [dataset = "fortunes-en", m1 = "tiny-en", m2 = "tiny-en-distil"] = process.argv.slice(2);
  const results = await compare(
    m1,
    m2,
    { dataset },
    {
      onProgress: (p) => process.stderr.write(`\rmodel ${p.model}: ${p.docs}/${p.totalDocs} texts   `),
    },
  );
  process.stderr.write("\n");
  console.log(results.summary());

  const top = results.top("prob_diff", { k: 5 });
  console.table(top.map((r) => ({ index: r.index, prob_diff: +r.value.toFixed(4), text: r.text.slice(0, 60) })));

  const file = path.join(os.tmpdir(), `lmdiff-${dataset}.html`);
  fs.writeFileSync(file, results.toHTML({ standalone: true, selected: top[0].index, title: `${m1} vs ${m2} on ${dataset}` }));
  console.log(`open ${file}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
