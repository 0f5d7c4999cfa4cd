import { expect } from "chai";
import "../../src/widgets/index.js";
import type { LmdiffGlobalView } from "../../src/widgets/LmdiffGlobalView.js";
import type { LmdiffInstanceView } from "../../src/widgets/LmdiffInstanceView.js";
import type { LmdiffTokenCard } from "../../src/widgets/LmdiffTokenCard.js";
import { parseColor } from "../../src/render/colorScale.js";
import { fixtureCorpus } from "../fixtures/corpus.js";
import { fixtureInstance } from "../fixtures/instance.js";
import { fixturePairCorpus, fixturePairInstance } from "../fixtures/pair.js";
import { $, click, mount, pointer, settle, unmount } from "./helpers.js";

/** The views of a joint run: the pair measures, the two lists ranked by significance, and the KL scatter. */
describe("<lmdiff-global-view> of a joint run", () => {
  let view: LmdiffGlobalView;
  beforeEach(async () => {
    view = document.createElement("lmdiff-global-view");
    view.data = fixturePairCorpus();
    await mount(view);
  });
  afterEach(() => unmount(view));

  const listDocs = (side: 1 | 2) =>
    Array.from(view.shadowRoot!.querySelectorAll(`.side${side} button.doc`), (b) => Number(b.getAttribute("data-doc")));

  it("lists the texts each model does better on, most significant first", () => {
    expect(listDocs(1)).to.deep.equal([5, 1, 10, 7]);
    expect(listDocs(2)).to.deep.equal([11, 9, 3, 2, 6, 0]);
    const heading = (side: 1 | 2) => $(view, `.side${side} h3`).textContent.replace(/\s+/g, " ");
    expect(heading(1)).to.contain("model 1 (tiny-en) better");
    expect(heading(2)).to.contain("model 2 (tiny-en-distil) better");
    expect(heading(1)).to.contain("4 texts, by significance");
    expect($(view, ".side1 h3").getAttribute("title")).to.contain("q-value, then |mean / SE|");
    expect($(view, '.side1 button.doc[data-doc="5"] .q').textContent).to.equal("q <0.001");
  });

  it("ranks by raw value when rank by is switched to value", async () => {
    const select = $<HTMLSelectElement>(view, "select.rank-by");
    select.value = "raw";
    select.dispatchEvent(new Event("change", { bubbles: true }));
    await settle(view);
    expect(view.rankBy).to.equal("raw");
    expect($(view, ".side1 h3").textContent.replace(/\s+/g, " ")).to.contain("by value");
    expect(listDocs(1)).to.deep.equal([7, 5, 1, 10]);
    expect(listDocs(2)).to.deep.equal([2, 11, 9, 3, 6, 0]);
  });

  it("the search box filters both lists", async () => {
    const input = $<HTMLInputElement>(view, "input.search");
    input.value = "text";
    input.dispatchEvent(new Event("input", { bubbles: true }));
    await settle(view);
    expect(listDocs(1)).to.deep.equal([5]);
    expect(listDocs(2)).to.deep.equal([11]);
  });

  it("offers the pair measures the corpus has, grouped apart from the differences", async () => {
    const groups = Array.from(view.shadowRoot!.querySelectorAll("select.measure optgroup"), (g) => g.getAttribute("label"));
    expect(groups).to.deep.equal(["model 2 − model 1", "distributions"]);
    const select = $<HTMLSelectElement>(view, "select.measure");
    expect(Array.from(select.options, (o) => o.value)).to.include.members(["kl", "kl_reverse", "js", "tv", "top1_agree"]);
    select.value = "kl";
    select.dispatchEvent(new Event("change", { bubbles: true }));
    await settle(view);
    expect($(view, ".legend").textContent).to.contain("KL divergence");
    // The list keeps its texts but shows their mean KL.
    expect($(view, '.side1 button.doc[data-doc="5"] .value').textContent).to.equal("0.282");
  });

  it("draws the KL scatter, and clicking a point or near one fires lmdiff-select-document", async () => {
    const svg = $(view, ".scatter > svg");
    expect(svg.querySelectorAll("circle.pt").length).to.equal(11);
    expect(svg.querySelectorAll("circle.pt.s1").length).to.equal(2);
    expect(svg.querySelectorAll("circle.pt.s2").length).to.equal(3);
    const got: number[] = [];
    view.addEventListener("lmdiff-select-document", (e) => got.push(e.index));
    click(svg.querySelector('circle.pt[data-doc="9"]')!);
    const p = svg.querySelector('circle.pt[data-doc="7"]')!.getBoundingClientRect();
    svg.dispatchEvent(
      new MouseEvent("click", { bubbles: true, composed: true, clientX: p.left + p.width / 2 + 4, clientY: p.top + p.height / 2 }),
    );
    await settle(view);
    expect(got).to.deep.equal([9, 7]);
    expect(view.shadowRoot!.querySelector(".scatter-note")).to.equal(null);
  });
});

describe("<lmdiff-global-view> of two separate caches", () => {
  let view: LmdiffGlobalView;
  afterEach(() => unmount(view));

  it("keeps one list ranked by value, says why, and explains the missing scatter", async () => {
    view = document.createElement("lmdiff-global-view");
    view.data = fixtureCorpus();
    await mount(view);
    expect(view.shadowRoot!.querySelectorAll(".lists").length).to.equal(0);
    expect(view.shadowRoot!.querySelectorAll("button.doc").length).to.equal(12);
    expect($(view, ".ranking").textContent).to.contain("no significance columns");
    expect(view.shadowRoot!.querySelector("select.rank-by")).to.equal(null);
    expect($(view, ".scatter-note").textContent).to.contain("lmdiff preprocess all");
    const values = Array.from($<HTMLSelectElement>(view, "select.measure").options, (o) => o.value);
    expect(values).to.not.include("kl");
  });

  it("names the missing joint run for a joint measure, and keeps the picker", async () => {
    view = document.createElement("lmdiff-global-view");
    view.data = fixtureCorpus();
    view.measure = "js";
    await mount(view);
    expect($(view, ".error").textContent).to.contain("js needs both models' full distributions");
    expect(view.shadowRoot!.querySelector(".hist")).to.equal(null);
    const select = $<HTMLSelectElement>(view, "select.measure");
    select.value = "prob_diff";
    select.dispatchEvent(new Event("change", { bubbles: true }));
    await settle(view);
    expect(view.shadowRoot!.querySelector(".error")).to.equal(null);
    expect(view.shadowRoot!.querySelectorAll("button.doc").length).to.equal(12);
  });
});

describe("<lmdiff-instance-view> of a joint run", () => {
  let view: LmdiffInstanceView;
  afterEach(() => unmount(view));

  const fill = (i: number) => $(view, `.strip g.tok[data-i="${i}"] rect`).getAttribute("fill")!;

  it("colours the strip by KL in greens, darkest where the models' distributions differ most", async () => {
    view = document.createElement("lmdiff-instance-view");
    view.data = fixturePairInstance();
    view.measure = "kl";
    await mount(view);
    const [r, g, b] = parseColor(fill(9));
    expect(g).to.be.greaterThan(r);
    expect(g).to.be.greaterThan(b);
    const sum = (c: string) => parseColor(c).reduce((a, x) => a + x, 0);
    expect(sum(fill(9))).to.be.lessThan(sum(fill(0)));
    expect($(view, ".legend").textContent).to.contain("KL divergence");
    expect($(view, ".below h3").textContent).to.contain("KL divergence");
  });

  it("lists the pair measures only for data that has them", async () => {
    view = document.createElement("lmdiff-instance-view");
    view.data = fixturePairInstance();
    await mount(view);
    const options = () => Array.from($<HTMLSelectElement>(view, "select.measure").options, (o) => o.value);
    expect(options()).to.include.members(["kl", "kl_reverse", "js", "tv", "top1_agree"]);
    view.data = fixtureInstance();
    await settle(view);
    expect(options()).to.not.include.members(["kl"]);
    expect(options()).to.include("top1_agree");
  });

  it("a token's card shows KL both ways, JS, TV and whether the top-1 predictions agree", async () => {
    view = document.createElement("lmdiff-instance-view");
    view.data = fixturePairInstance();
    await mount(view);
    pointer($(view, '.strip g.tok[data-i="9"] rect'), "pointerover");
    await settle(view);
    const card = $<LmdiffTokenCard>(view, ".details lmdiff-token-card");
    await card.updateComplete;
    const rows = Array.from(card.shadowRoot!.querySelectorAll("table.pair tr[data-measure]"), (tr) =>
      tr.textContent.replace(/\s+/g, " ").trim(),
    );
    expect(rows).to.deep.equal(["KL(1‖2) 3.5", "KL(2‖1) 4.03", "JS (bits) 0.7", "TV 1", "same top-1 no"]);
    // The card fits inside the view.
    expect(card.getBoundingClientRect().bottom).to.be.at.most(view.getBoundingClientRect().bottom + 0.5);
  });

  it("a card of data without the pair measures has no pair table", async () => {
    view = document.createElement("lmdiff-instance-view");
    view.data = fixtureInstance();
    await mount(view);
    pointer($(view, '.strip g.tok[data-i="2"] rect'), "pointerover");
    await settle(view);
    const card = $<LmdiffTokenCard>(view, ".details lmdiff-token-card");
    await card.updateComplete;
    expect(card.shadowRoot!.querySelector("table.pair")).to.equal(null);
  });

  it("a joint measure asked of data without one shows the error, not a blank view", async () => {
    view = document.createElement("lmdiff-instance-view");
    view.data = fixtureInstance();
    view.measure = "kl";
    await mount(view);
    expect($(view, ".error").textContent).to.contain("kl needs both models' full distributions");
    expect($(view, ".error").textContent).to.contain("lmdiff preprocess all");
    expect(view.shadowRoot!.querySelector(".strip")).to.equal(null);
    const select = $<HTMLSelectElement>(view, "select.measure");
    expect(select.selectedOptions[0].textContent).to.contain("KL divergence (not in this data)");
    select.value = "prob_diff";
    select.dispatchEvent(new Event("change", { bubbles: true }));
    await settle(view);
    expect(view.shadowRoot!.querySelectorAll(".strip g.tok").length).to.equal(12);
  });

  it("shows top1_agree as two categories in the legend and the histogram", async () => {
    view = document.createElement("lmdiff-instance-view");
    view.data = fixturePairInstance();
    view.measure = "top1_agree";
    await mount(view);
    expect($(view, ".legend").textContent).to.contain("0: different");
    const bars = Array.from($(view, ".hist").querySelectorAll("rect.bin"), (r) => Number(r.getAttribute("data-count")));
    expect(bars).to.deep.equal([7, 5]);
  });
});
