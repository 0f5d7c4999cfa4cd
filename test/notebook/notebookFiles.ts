import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");
export const OUT = path.join(ROOT, "test-output", "notebook");

/** Size budgets of the committed notebooks (issue #12): each one, and notebooks/ in all. */
export const NOTEBOOK_BUDGET = 1024 * 1024;
export const NOTEBOOKS_FOLDER_BUDGET = 10 * 1024 * 1024;

export interface NotebookOutput {
  output_type: string;
  data?: Record<string, string | string[]>;
  text?: string | string[];
  ename?: string;
  evalue?: string;
}
export interface NotebookCell {
  cell_type: string;
  source: string | string[];
  outputs?: NotebookOutput[];
}
export interface NotebookJson {
  cells: NotebookCell[];
  metadata: { kernelspec?: { name: string }; lmdiff?: { models?: string[]; datasets?: string[] } };
}

export const joined = (s: string | string[] | undefined): string => (Array.isArray(s) ? s.join("") : (s ?? ""));

export function readNotebook(file: string): NotebookJson {
  return JSON.parse(readFileSync(file, "utf8")) as NotebookJson;
}

/** Every committed notebook: notebooks/<kernel>/<name>.ipynb. */
export function committedNotebooks(): { file: string; kernel: string; name: string }[] {
  const out: { file: string; kernel: string; name: string }[] = [];
  for (const kernel of ["tslab", "deno"]) {
    const dir = path.join(ROOT, "notebooks", kernel);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)
      .filter((f) => f.endsWith(".ipynb"))
      .sort())
      out.push({ file: path.join(dir, f), kernel, name: f.slice(0, -6) });
  }
  return out;
}

/** Bundled models and corpora a notebook needs that are not there (yet). */
export function missingNeeds(nb: NotebookJson): string[] {
  const need = nb.metadata.lmdiff ?? {};
  return [
    ...(need.models ?? []).filter((m) => !existsSync(path.join(ROOT, "models", m, "config.json"))),
    ...(need.datasets ?? []).filter((d) => !existsSync(path.join(ROOT, "data", `${d}.txt`))),
  ];
}

/**
 * How many view outputs a notebook should record: one per cell that calls
 * .show(), and in Deno one per cell whose last line is a bare name (Deno
 * displays that value with its Jupyter.display method).
 */
export function expectedViews(nb: NotebookJson): number {
  const kernel = nb.metadata.kernelspec?.name;
  return nb.cells.filter((c) => {
    if (c.cell_type !== "code") return false;
    const src = joined(c.source).trim();
    if (/\.show\(\);?$/.test(src)) return true;
    return kernel === "deno" && /^[A-Za-z_$][\w$]*$/.test(src.split("\n").pop()!.trim());
  }).length;
}

/** Outputs holding a figure shown with .show() that is not a live view: a gap report (its tables and SVG). */
export function figureOutputs(nb: NotebookJson): NotebookOutput[] {
  return nb.cells
    .flatMap((c) => c.outputs ?? [])
    .filter((o) => o.data && "image/svg+xml" in o.data && joined(o.data["text/html"] ?? "").includes('<div class="lmdiff-gap-report">'));
}

/** Outputs holding a whole lmdiff view bundle. */
export function viewOutputs(nb: NotebookJson): NotebookOutput[] {
  return nb.cells
    .flatMap((c) => c.outputs ?? [])
    .filter((o) => o.data && "text/html" in o.data && joined(o.data["text/html"]).includes("<lmdiff-view-v2"));
}
