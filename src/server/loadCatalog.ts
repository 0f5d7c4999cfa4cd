import * as path from "node:path";
import type { Progress } from "../engine/analyze.js";
import { Catalog } from "./Catalog.js";
import { defaultAppDir, prepareDefaultApp } from "./defaultApp.js";
import type { ServeOptions } from "./serveOptions.js";

export interface LoadHooks {
  /** A progress reporter per analysis of the default app's first start. */
  progress?: (label: string) => { update: (p: Progress) => void; stop: () => void };
  /** One-line notes for the user (stderr in the CLI). */
  note?: (line: string) => void;
  signal?: AbortSignal;
}

/**
 * What to serve, from the options: a preprocessed folder (--config), two
 * models for live analysis only (--m1/--m2), or the bundled default app,
 * preprocessed on first start.  Returns the catalog and a one-line
 * description of it.
 */
export async function loadCatalog(o: ServeOptions, hooks: LoadHooks = {}): Promise<{ catalog: Catalog; what: string }> {
  const load = {
    ...(o.threads ? { threads: o.threads } : {}),
    ...(o.maxMemory ? { maxMemory: o.maxMemory } : {}),
    ...(o.tokenizer ? { tokenizer: o.tokenizer } : {}),
  };
  if (o.m1 && o.m2) {
    const catalog = await Catalog.fromModels([o.m1, o.m2], load, o.dtypes);
    const [a, b] = catalog.modelList();
    return { catalog, what: `${a.name} vs ${b.name}, live analysis only` };
  }
  let dir = o.config ? path.resolve(o.config) : defaultAppDir();
  if (!o.config) {
    hooks.note?.(`lmdiff: preparing the default app in ${dir} (analysed once, reused afterwards)`);
    await prepareDefaultApp(dir, { progress: hooks.progress, signal: hooks.signal, load });
  }
  const catalog = await Catalog.fromProject(dir, load);
  const names = catalog.modelList().map((m) => m.name);
  const sets = catalog.datasets().map((d) => d.name);
  const rel = path.relative(process.cwd(), dir);
  if (!rel.startsWith("..") && !path.isAbsolute(rel)) dir = rel || ".";
  return { catalog, what: `${names.join(", ")} on ${sets.join(", ") || "no datasets"} (from ${dir})` };
}
