import type { AlignedData } from "../core/AlignedData.js";
import { alignedFromJSON, instanceOrAlignedFromJSON, isAlignedJSON } from "../core/alignedJson.js";
import { instanceFromJSON } from "../core/instanceJson.js";
import type { InstanceData } from "../core/InstanceData.js";
import { isByteMeasure } from "../core/measures.js";
import type { ViewPayload } from "../notebook/ViewPayload.js";
import { corpusFromPayload } from "../widgets/corpusPayload.js";
import "../widgets/index.js";

/**
 * Put the live view of a payload into `host`: the instance view for one
 * text (the aligned view for a text read by two tokenizers), the whole app
 * (global view, lists, instance view) for a corpus, as the notebook element
 * of the text/html output does (viewElementSource.ts, which must stay plain
 * JavaScript in a string and so cannot share this).  `loadInstance` fetches
 * the texts a corpus view did not embed (from the kernel, kernelBridge.ts).
 */
export function mountView(
  host: HTMLElement,
  p: ViewPayload,
  loadInstance?: (index: number) => Promise<InstanceData | AlignedData>,
): HTMLElement {
  host.replaceChildren();
  if (p.kind === "instance") {
    if (isAlignedJSON(p.instance)) {
      const view = document.createElement("lmdiff-aligned-view");
      view.data = alignedFromJSON(p.instance);
      view.measure = isByteMeasure(p.measure) ? p.measure : "bits_diff";
      host.append(view);
      return view;
    }
    const view = document.createElement("lmdiff-instance-view");
    view.data = instanceFromJSON(p.instance);
    view.measure = p.measure;
    host.append(view);
    return view;
  }
  if (p.note) {
    const note = document.createElement("p");
    note.className = "lmdiff-note";
    note.style.cssText = "font-size:12px;opacity:0.75;margin:4px 0";
    note.textContent = p.note;
    host.append(note);
  }
  const app = document.createElement("lmdiff-app");
  app.corpus = corpusFromPayload(p.corpus);
  const cache = new Map<number, InstanceData | AlignedData>();
  for (const [k, j] of Object.entries(p.corpus.instances ?? {})) cache.set(Number(k), instanceOrAlignedFromJSON(j));
  app.instances = cache;
  if (loadInstance) app.loadInstance = loadInstance;
  app.measure = p.measure;
  if (p.rankBy) app.rankBy = p.rankBy;
  if (p.selected !== null && cache.has(p.selected)) app.instance = cache.get(p.selected)!;
  host.append(app);
  return app;
}
