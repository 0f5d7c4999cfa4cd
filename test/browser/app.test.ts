import { expect } from "chai";
import { instanceToJSON } from "../../src/core/instanceJson.js";
import anywidget from "../../src/widgets/anywidget.js";
import "../../src/widgets/index.js";
import type { LmdiffApp } from "../../src/widgets/LmdiffApp.js";
import { fixtureCorpus } from "../fixtures/corpus.js";
import { fixtureInstance, syntheticInstance } from "../fixtures/instance.js";
import { $, click, mount, settle, unmount } from "./helpers.js";

describe("<lmdiff-app>", () => {
  let app: LmdiffApp;
  afterEach(() => unmount(app));

  const globalDoc = (i: number) => $(app, "lmdiff-global-view").shadowRoot!.querySelector(`button.doc[data-doc="${i}"]`)!;

  it("clicking an outlier shows its embedded instance without any model", async () => {
    app = document.createElement("lmdiff-app");
    app.corpus = fixtureCorpus();
    app.instances = new Map([
      [7, { ...fixtureInstance(), index: 7 }],
      [2, { ...syntheticInstance(30, 2), index: 2 }],
    ]);
    await mount(app);
    expect($(app, "header").textContent).to.contain("tiny-en-distil");
    click(globalDoc(7));
    await settle(app);
    const view = $<HTMLElement & { data: { index: number } }>(app, "lmdiff-instance-view");
    expect(view.data.index).to.equal(7);
    click(globalDoc(2));
    await settle(app);
    expect($<HTMLElement & { data: { index: number } }>(app, "lmdiff-instance-view").data.index).to.equal(2);
    expect($<HTMLElement & { heading: string }>(app, "lmdiff-instance-view").heading).to.equal("text #2");
  });

  it("loads a text that is not embedded through loadInstance, and says when it cannot", async () => {
    app = document.createElement("lmdiff-app");
    app.corpus = fixtureCorpus();
    const asked: number[] = [];
    app.loadInstance = (i) => {
      asked.push(i);
      return Promise.resolve({ ...fixtureInstance(), index: i });
    };
    await mount(app);
    click(globalDoc(11));
    await new Promise((r) => setTimeout(r, 10));
    await settle(app);
    expect(asked).to.deep.equal([11]);
    expect($<HTMLElement & { data: { index: number } }>(app, "lmdiff-instance-view").data.index).to.equal(11);
    app.loadInstance = undefined;
    click(globalDoc(5));
    await settle(app);
    expect($(app, ".error").textContent).to.contain("#5 is not embedded");
  });

  it("shows the free-text box only with liveAnalyze and shows its result", async () => {
    app = document.createElement("lmdiff-app");
    await mount(app);
    expect(app.shadowRoot!.querySelector("textarea")).to.equal(null);
    let seen = "";
    app.liveAnalyze = (t) => {
      seen = t;
      return Promise.resolve({ ...fixtureInstance(), index: 0 });
    };
    await settle(app);
    $<HTMLTextAreaElement>(app, "textarea").value = "Hello there";
    click($(app, "button.analyze"));
    await new Promise((r) => setTimeout(r, 10));
    await settle(app);
    expect(seen).to.equal("Hello there");
    const view = $<HTMLElement & { heading: string; updateComplete: Promise<boolean> }>(app, "lmdiff-instance-view");
    // The live text is index 0 of its own one-text analysis, not text #0 of the corpus.
    expect(view.heading).to.equal("your text");
    await view.updateComplete;
    expect(view.shadowRoot!.querySelector("h3.heading")!.textContent).to.equal("your text");
  });
});

describe("anywidget render", () => {
  it("creates an instance view from InstanceJSON and cleans up", () => {
    const listeners = new Map<string, () => void>();
    const model = {
      get: (k: string) => (k === "data" ? instanceToJSON(fixtureInstance()) : undefined),
      on: (e: string, cb: () => void) => listeners.set(e, cb),
      off: (e: string) => listeners.delete(e),
    };
    const el = document.createElement("div");
    const cleanup = anywidget.render({ model, el });
    expect(el.firstElementChild!.tagName).to.equal("LMDIFF-INSTANCE-VIEW");
    expect(listeners.has("change:data")).to.equal(true);
    cleanup();
    expect(el.childElementCount).to.equal(0);
    expect(listeners.size).to.equal(0);
  });

  it("creates the app from a corpus payload", () => {
    const c = fixtureCorpus();
    const payload = {
      kind: "corpus",
      models: c.models,
      dataset: c.dataset,
      index: Array.from(c.index),
      text: c.text,
      nTokens: Array.from(c.nTokens),
      values: Object.fromEntries(Object.entries(c.values).map(([k, v]) => [k, Array.from(v, (x) => (Number.isNaN(x) ? null : x))])),
      instances: { 7: instanceToJSON({ ...fixtureInstance(), index: 7 }) },
    };
    const el = document.createElement("div");
    const cleanup = anywidget.render({ model: { get: (k: string) => (k === "data" ? payload : undefined), on() {}, off() {} }, el });
    const app = el.firstElementChild as LmdiffApp;
    expect(app.tagName).to.equal("LMDIFF-APP");
    expect(Number.isNaN(app.corpus!.values.prob_diff_mean[4])).to.equal(true);
    expect((app.instances as Map<number, unknown>).has(7)).to.equal(true);
    cleanup();
  });
});
