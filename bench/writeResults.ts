import * as fs from "node:fs";
import * as path from "node:path";

/** Write a benchmark's results as BENCH_RESULTS/<name>.json (default bench/results) and say where. */
export function writeResults(name: string, res: unknown): void {
  const resultsDir = process.env.BENCH_RESULTS ?? path.join(__dirname, "results");
  fs.mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(res, null, 2) + "\n");
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
