import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { CorpusData } from "../../src/core/CorpusData.js";
import type { InstanceData } from "../../src/core/InstanceData.js";
import { corpusToPayload } from "../../src/core/corpusJson.js";
import { instanceToJSON } from "../../src/core/instanceJson.js";

export { CHROMIUM_ARGS } from "../helpers/chromiumArgs.js";

const ROOT = path.resolve(__dirname, "../..");
export const BUNDLE = path.join(ROOT, "lib/browser/lmdiff-widgets.js");

/** The IIFE bundle's source, building it first if it is missing; or the bundle at `file`. */
export function bundleSource(file?: string): string {
  if (file) return readFileSync(file, "utf8");
  if (!existsSync(BUNDLE))
    execFileSync("npx", ["webpack", "--config", "webpack.config.js", "--config-name", "iife"], { cwd: ROOT, stdio: "inherit" });
  return readFileSync(BUNDLE, "utf8");
}

/**
 * A static page with the bundle inlined and the data as JSON, showing one
 * element per `view`: the instance view, the global view, or the app.
 */
export function fixturePage(
  views: { id: string; tag: "instance" | "global" | "app"; instance?: InstanceData; corpus?: CorpusData; instances?: InstanceData[] }[],
  opts: { dark?: boolean; width?: number; bundle?: string } = {},
): string {
  const data = views.map((v) => ({
    id: v.id,
    tag: v.tag,
    instance: v.instance ? instanceToJSON(v.instance) : null,
    corpus: v.corpus ? corpusToPayload(v.corpus, v.instances ?? []) : null,
  }));
  const json = JSON.stringify(data).replace(/</g, "\\u003c");
  return `<!doctype html><html><head><meta charset="utf-8"><title>lmdiff</title>
<style>body{margin:0;padding:12px;font-family:system-ui,sans-serif;${opts.dark ? "background:#1e1e1e;color:#e8e8e8;color-scheme:dark" : "background:#fff"}}
.view{width:${opts.width ?? 800}px;margin-bottom:24px}</style>
<script>${bundleSource(opts.bundle).replace(/<\/script/g, "<\\/script")}</script></head><body>
${views.map((v) => `<div class="view" id="${v.id}"></div>`).join("\n")}
<script>
const W = window.lmdiffWidgets;
for (const v of ${json}) {
  const host = document.getElementById(v.id);
  if (v.tag === "instance") {
    const e = document.createElement("lmdiff-instance-view");
    e.data = W.instanceFromJSON(v.instance);
    host.append(e);
  } else if (v.tag === "global") {
    const e = document.createElement("lmdiff-global-view");
    e.data = W.corpusFromPayload(v.corpus);
    host.append(e);
  } else {
    const e = document.createElement("lmdiff-app");
    e.corpus = W.corpusFromPayload(v.corpus);
    e.instances = new Map(Object.entries(v.corpus.instances).map(([k, j]) => [Number(k), W.instanceFromJSON(j)]));
    host.append(e);
  }
}
</script></body></html>`;
}
