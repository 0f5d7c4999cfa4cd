import { expect } from "chai";
import "../../src/widgets/index.js";
import type { LmdiffGlobalView } from "../../src/widgets/LmdiffGlobalView.js";
import { globalHistogramLayout } from "../../src/render/globalHistogram.js";
import { renderOptions } from "../../src/render/renderOptions.js";
import { fixtureCorpus } from "../fixtures/corpus.js";
import { figureSVG } from "../../src/export/figureSVG.js";
import type { LmdiffDownload } from "../../src/widgets/LmdiffDownload.js";
import { $, captureDownloads, click, mount, pointer, settle, unmount } from "./helpers.js";

describe("<lmdiff-global-view>", () => {
  let view: LmdiffGlobalView;
  beforeEach(async () => {
    view = document.createElement("lmdiff-global-view");
    view.data = fixtureCorpus();
    await mount(view);
  });
  afterEach(() => unmount(view));

  const docs = () => Array.from(view.shadowRoot!.querySelectorAll("button.doc"), (b) => Number(b.getAttribute("data-doc")));

  it("lists the texts by absolute value, missing values last", () => {
    const d = docs();
    expect(d.length).to.equal(12);
    expect(d.slice(0, 3)).to.deep.equal([7, 2, 11]);
    expect(d[11]).to.equal(4);
    expect($(view, ".hist").querySelectorAll("line.outlier").length).to.equal(10);
  });

  it("shows each listed text on one line with its control characters visible", async () => {
    const data = fixtureCorpus();
    data.text = data.text.slice();
    data.text[7] = "Look out!\u0007\u0007 Behind\tyou\n\nnow\u001b[0m";
    view.data = data;
    await settle(view);
    const shown = $(view, 'button.doc[data-doc="7"] .text').textContent;
    expect(shown).to.equal("Look out!␇␇ Behind you now␛[0m");
  });

  it("the search box filters the list", async () => {
    const input = $<HTMLInputElement>(view, "input.search");
    input.value = "MARKET";
    input.dispatchEvent(new Event("input", { bubbles: true }));
    await settle(view);
    expect(docs()).to.deep.equal([1]);
  });

  it("brushing the histogram with the pointer filters the list to the range", async () => {
    const svg = $(view, ".hist > svg");
    const r = svg.getBoundingClientRect();
    const values = fixtureCorpus().values.prob_diff_mean;
    const L = globalHistogramLayout(values, renderOptions({ width: Number(svg.getAttribute("width")) }));
    const xOf = (v: number) =>
      r.left + ((L.left + ((v - L.domain[0]) / (L.domain[1] - L.domain[0])) * (L.right - L.left)) * r.width) / L.width;
    const target = $(view, ".hist");
    pointer(target, "pointerdown", { clientX: xOf(-0.005), clientY: r.top + 50 });
    pointer(target, "pointermove", { clientX: xOf(0.06), clientY: r.top + 50 });
    pointer(target, "pointerup", { clientX: xOf(0.06), clientY: r.top + 50 });
    await settle(view);
    const [lo, hi] = view.brush!;
    expect(lo).to.be.closeTo(-0.005, 0.01);
    expect(hi).to.be.closeTo(0.06, 0.01);
    const expected = Array.from(values.keys()).filter((i) => values[i] >= lo && values[i] <= hi);
    expect(docs().sort((a, b) => a - b)).to.deep.equal(expected);
    expect(expected).to.include.members([0, 3, 6, 8]);
    expect($(view, ".hist").querySelector("rect.brush")).to.not.equal(null);
    // A click without a drag clears the range.
    pointer(target, "pointerdown", { clientX: xOf(0.2), clientY: r.top + 50 });
    pointer(target, "pointerup", { clientX: xOf(0.2), clientY: r.top + 50 });
    await settle(view);
    expect(view.brush).to.equal(null);
    expect(docs().length).to.equal(12);
  });

  it("changing the measure re-sorts the list", async () => {
    const select = $<HTMLSelectElement>(view, "select.measure");
    select.value = "topk_diff";
    select.dispatchEvent(new Event("change", { bubbles: true }));
    await settle(view);
    const v = fixtureCorpus().values.topk_diff_mean;
    const shown = docs()
      .slice(0, 11)
      .map((i) => v[i]);
    expect(shown).to.deep.equal([...shown].sort((a, b) => b - a));
  });

  it("clicking a text fires lmdiff-select-document with its index", () => {
    let got = -1;
    view.addEventListener("lmdiff-select-document", (e) => (got = e.index));
    click($(view, 'button.doc[data-doc="2"]'));
    expect(got).to.equal(2);
  });

  it("the SVG button saves figureSVG's global figure for the view's measure and aggregation", async () => {
    const cap = captureDownloads();
    try {
      view.measure = "rank_diff";
      view.agg = "max";
      await settle(view);
      const dl = $<LmdiffDownload>(view, "lmdiff-download");
      await dl.updateComplete;
      expect(dl.shadowRoot!.querySelector("select")).to.equal(null); // one figure, no picker
      click(dl.shadowRoot!.querySelector("button.svg")!);
      await settle(view);
      const svg = await cap.blobs[0].text();
      expect(svg.startsWith("<svg")).to.equal(true);
      expect(svg).to.equal(
        figureSVG(fixtureCorpus(), { view: "global", measure: "rank_diff", agg: "max", order: "abs", palette: "rdbu", outliers: 10 }),
      );
      expect(cap.anchors[0].download).to.equal("lmdiff-tiny-en-vs-tiny-en-distil-global.svg");
    } finally {
      cap.restore();
    }
  });
});
