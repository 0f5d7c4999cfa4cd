import { isAligned, type AlignedData } from "../core/AlignedData.js";
import { instanceOrAlignedFromJSON, type AlignedJSON } from "../core/alignedJson.js";
import type { InstanceData } from "../core/InstanceData.js";
import type { InstanceJSON } from "../core/instanceJson.js";
import { maybeRankBy } from "../render/renderOptions.js";
import { corpusFromPayload, isCorpusPayload } from "./corpusPayload.js";
import "./index.js";

/**
 * The anywidget front end (anywidget's contract: a default export with
 * `render({ model, el })` returning a cleanup).  `model.get("data")` holds
 * either an InstanceJSON (one text: an instance view) or a CorpusPayload
 * (a corpus: the whole app, with any embedded instances).  `measure` is
 * read when present, and for a corpus `rankBy` ("significance" or "raw").  The host's model is typed structurally so this
 * module does not depend on anywidget's packages.
 */
export interface AnyModel {
  get(name: string): unknown;
  on(event: string, cb: () => void): void;
  off(event: string, cb: () => void): void;
}

function mount(el: HTMLElement, data: unknown, measure: unknown, rankBy: unknown): HTMLElement {
  el.replaceChildren();
  if (isCorpusPayload(data)) {
    const app = document.createElement("lmdiff-app");
    app.corpus = corpusFromPayload(data);
    const cache = new Map<number, InstanceData | AlignedData>();
    for (const [k, j] of Object.entries(data.instances ?? {})) cache.set(Number(k), instanceOrAlignedFromJSON(j));
    app.instances = cache;
    if (typeof measure === "string") app.measure = measure as never;
    app.rankBy = maybeRankBy(rankBy);
    el.append(app);
    return app;
  }
  if (data && typeof data === "object" && (data as InstanceJSON).v === 1) {
    // One text: token by token, or (aligned: true) read by two tokenizers.
    const d = instanceOrAlignedFromJSON(data as InstanceJSON | AlignedJSON);
    const view = isAligned(d) ? document.createElement("lmdiff-aligned-view") : document.createElement("lmdiff-instance-view");
    view.data = d;
    if (typeof measure === "string") view.measure = measure as never;
    el.append(view);
    return view;
  }
  const p = document.createElement("p");
  p.textContent = "[anywidget] lmdiff: the widget's data is neither an instance nor a corpus payload.";
  el.append(p);
  return p;
}

export default {
  render({ model, el }: { model: AnyModel; el: HTMLElement }): () => void {
    const update = () => mount(el, model.get("data"), model.get("measure"), model.get("rankBy"));
    update();
    model.on("change:data", update);
    model.on("change:measure", update);
    model.on("change:rankBy", update);
    return () => {
      model.off("change:data", update);
      model.off("change:measure", update);
      model.off("change:rankBy", update);
      el.replaceChildren();
    };
  },
};
