import { expect } from "chai";
import "../../src/widgets/index.js";
import type { LmdiffAlignedView } from "../../src/widgets/LmdiffAlignedView.js";
import type { LmdiffApp } from "../../src/widgets/LmdiffApp.js";
import { alignedToJSON } from "../../src/core/alignedJson.js";
import { instanceFromJSON } from "../../src/widgets/index.js";
import { mountView } from "../../src/jupyterlab/mountView.js";
import { bitsPlotLayout } from "../../src/render/bitsPlot.js";
import { renderOptions } from "../../src/render/renderOptions.js";
import { alignedFixture } from "../helpers/alignedFixture.js";
import { fixtureInstance } from "../fixtures/instance.js";
import { $, click, mount, pointer, settle, unmount } from "./helpers.js";

/** A value as it reads back from JSON, as the page gets it. */
const viaJSON = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe("<lmdiff-aligned-view>", () => {
  let view: LmdiffAlignedView;
  beforeEach(async () => {
    view = document.createElement("lmdiff-aligned-view");
    view.data = alignedFixture();
    await mount(view);
  });
  afterEach(() => unmount(view));

  const tok = (side: 0 | 1, i: number) => $(view, `.strip g.tok[data-side="${side}"][data-i="${i}"]`);
  const all = (sel: string) => view.shadowRoot!.querySelectorAll(sel);

  it("draws both models' rows: every token of each, over the same characters", () => {
    expect(all('.strip g.tok[data-side="0"]').length).to.equal(13);
    expect(all('.strip g.tok[data-side="1"]').length).to.equal(8);
    const e = tok(0, 0).querySelector("rect.ch")!.getBoundingClientRect();
    const ein = tok(1, 0).querySelector("rect.ch")!.getBoundingClientRect();
    expect(Math.abs(e.left - ein.left)).to.be.below(0.5);
    expect(ein.top).to.be.above(e.top);
    expect($(view, ".strip").textContent).to.contain("tiny-mlm-en · PLL");
  });

  it("hovering a token shows that model's card and outlines the token", async () => {
    const seen: [number | null, number | null][] = [];
    view.addEventListener("lmdiff-aligned-token-hover", (e) => seen.push([e.side, e.index]));
    pointer(tok(1, 1).querySelector("rect")!, "pointerover");
    await settle(view);
    expect(seen).to.deep.equal([[1, 1]]);
    const cards = all(".details .card");
    expect(cards.length).to.equal(1);
    expect(cards[0].textContent).to.contain("model 2 (tiny-mlm-en, PLL) · token 2 of 8");
    expect(cards[0].textContent).to.contain("PLL p 8.0%");
    expect(getComputedStyle(tok(1, 1).querySelector("rect.box")!).strokeWidth).to.equal("2px");
    pointer($(view, ".strip"), "pointerleave");
    await settle(view);
    expect(all(".details .card").length).to.equal(0);
    expect(seen).to.deep.equal([
      [1, 1],
      [null, null],
    ]);
  });

  it("clicking a character shows both models' cards side by side and outlines the tokens over it", async () => {
    const selected: (number | null)[] = [];
    view.addEventListener("lmdiff-char-select", (e) => selected.push(e.index));
    const heightBefore = view.getBoundingClientRect().height;
    click(tok(0, 3).querySelector('rect.ch[data-c="5"]')!);
    await settle(view);
    expect(selected).to.deep.equal([5]);
    const cards = all(".details .card");
    expect(cards.length).to.equal(2);
    expect(cards[0].textContent).to.contain("model 1 (tiny-en) · token 4 of 13");
    expect(cards[1].textContent).to.contain("model 2 (tiny-mlm-en, PLL) · token 2 of 8");
    expect(cards[0].getBoundingClientRect().top).to.equal(cards[1].getBoundingClientRect().top);
    for (const [side, i] of [
      [0, 3],
      [0, 4],
      [1, 1],
    ] as const)
      expect(getComputedStyle(tok(side, i).querySelector("rect.box")!).strokeWidth).to.equal("2px");
    expect(view.getBoundingClientRect().height).to.equal(heightBefore, "no layout shift");
    for (const c of cards) expect(c.getBoundingClientRect().bottom).to.be.at.most(view.getBoundingClientRect().bottom + 0.5);
  });

  it("the arrow keys move the selected character and Escape clears it", async () => {
    const selected: (number | null)[] = [];
    view.addEventListener("lmdiff-char-select", (e) => selected.push(e.index));
    const strip = $(view, ".strip");
    for (const key of ["ArrowRight", "ArrowRight", "End", "ArrowLeft", "Escape"])
      strip.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, composed: true }));
    await settle(view);
    expect(selected).to.deep.equal([0, 1, 15, 14, null]);
    expect(all(".details .card").length).to.equal(0);
  });

  it("hovering the bits plot highlights that character", async () => {
    const svg = $(view, ".plots > svg");
    const r = svg.getBoundingClientRect();
    const L = bitsPlotLayout(view.data!, renderOptions({ width: svg.getAttribute("width") }));
    pointer(svg, "pointermove", { clientX: r.left + ((L.left + L.band * 8.5) * r.width) / L.width, clientY: r.top + 60 });
    await settle(view);
    expect($(view, ".plots .overlay .lmdiff-bits-highlight").getAttribute("data-c")).to.equal("8");
    expect(all(".details .card").length).to.equal(2);
  });

  it("the measure picker offers the byte measures and recolours the strip", async () => {
    const seen: string[] = [];
    view.addEventListener("lmdiff-measure-change", (e) => seen.push(e.measure));
    const select = $<HTMLSelectElement>(view, "select.measure");
    expect([...select.options].map((o) => o.value)).to.deep.equal(["bits_diff", "bits_1", "bits_2"]);
    const before = tok(0, 0).querySelector("rect.ch")!.getAttribute("fill");
    select.value = "bits_1";
    select.dispatchEvent(new Event("change", { bubbles: true }));
    await settle(view);
    expect(seen).to.deep.equal(["bits_1"]);
    expect(tok(0, 0).querySelector("rect.ch")!.getAttribute("fill")).to.not.equal(before);
    expect($(view, ".legend").textContent).to.contain("bits (model 1)");
  });
});

describe("<lmdiff-app> with a text of two tokenizers", () => {
  it("shows <lmdiff-aligned-view> for data decoded from JSON with aligned: true, and the instance view otherwise", async () => {
    const app: LmdiffApp = document.createElement("lmdiff-app");
    app.instance = instanceFromJSON(viaJSON(alignedToJSON(alignedFixture())));
    await mount(app);
    const aligned = app.shadowRoot!.querySelector("lmdiff-aligned-view");
    expect(aligned).to.not.equal(null);
    expect(aligned!.measure).to.equal("bits_diff");
    app.instance = fixtureInstance();
    await settle(app);
    expect(app.shadowRoot!.querySelector("lmdiff-aligned-view")).to.equal(null);
    expect(app.shadowRoot!.querySelector("lmdiff-instance-view")!.measure).to.equal("prob_diff");
    unmount(app);
  });
});

describe("mountView (JupyterLab) with a one-text payload of two tokenizers", () => {
  it("mounts <lmdiff-aligned-view> with the payload's byte measure, bits_diff for a token measure", async () => {
    const host = document.createElement("div");
    host.style.width = "800px";
    document.body.append(host);
    const instance = viaJSON(alignedToJSON(alignedFixture()));
    const view = mountView(host, { v: 1, kind: "instance", measure: "bits_2", instance }) as LmdiffAlignedView;
    expect(view.tagName).to.equal("LMDIFF-ALIGNED-VIEW");
    await view.updateComplete;
    expect(view.measure).to.equal("bits_2");
    expect(view.shadowRoot!.querySelectorAll('.strip g.tok[data-side="1"]').length).to.equal(8);
    const other = mountView(host, { v: 1, kind: "instance", measure: "prob_diff", instance }) as LmdiffAlignedView;
    expect(other.measure).to.equal("bits_diff");
    host.remove();
  });
});
