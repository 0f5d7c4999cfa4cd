import { expect } from "chai";
import "../../src/widgets/index.js";
import type { LmdiffInstanceView } from "../../src/widgets/LmdiffInstanceView.js";
import type { LmdiffTokenCard } from "../../src/widgets/LmdiffTokenCard.js";
import { stepPlotsLayout } from "../../src/render/stepPlots.js";
import { renderOptions } from "../../src/render/renderOptions.js";
import { fixtureInstance } from "../fixtures/instance.js";
import { $, click, mount, pointer, settle, unmount } from "./helpers.js";

describe("<lmdiff-instance-view>", () => {
  let view: LmdiffInstanceView;
  beforeEach(async () => {
    view = document.createElement("lmdiff-instance-view");
    view.data = fixtureInstance();
    await mount(view);
  });
  afterEach(() => unmount(view));

  const tok = (i: number) => $(view, `.strip g.tok[data-i="${i}"]`);
  const fill = (i: number) => tok(i).querySelector("rect")!.getAttribute("fill");

  it("draws every token of the text in the strip", () => {
    expect(view.shadowRoot!.querySelectorAll(".strip g.tok").length).to.equal(12);
    expect(tok(9).textContent).to.equal("  <&>");
  });

  it("switching the measure recolours the strip and fires lmdiff-measure-change", async () => {
    const seen: string[] = [];
    view.addEventListener("lmdiff-measure-change", (e) => seen.push(e.measure));
    const before = fill(1);
    const select = $<HTMLSelectElement>(view, "select.measure");
    select.value = "rank_1";
    select.dispatchEvent(new Event("change", { bubbles: true }));
    await settle(view);
    expect(seen).to.deep.equal(["rank_1"]);
    expect(view.measure).to.equal("rank_1");
    expect(fill(1)).to.not.equal(before);
    expect($(view, ".legend").textContent).to.contain("rank (model 1)");
  });

  it("hovering a token shows its card and highlights it in the strip and both step plots", async () => {
    const hovers: (number | null)[] = [];
    view.addEventListener("lmdiff-token-hover", (e) => hovers.push(e.index));
    const histBefore = $(view, ".hist").getBoundingClientRect().top;
    pointer(tok(3).querySelector("rect")!, "pointerover");
    await settle(view);
    expect(hovers).to.deep.equal([3]);
    const card = $<LmdiffTokenCard>(view, ".details lmdiff-token-card");
    await card.updateComplete;
    expect(card.shadowRoot!.textContent).to.contain("token 4 of 12");
    expect(card.shadowRoot!.querySelectorAll(".topk-row.actual").length).to.equal(2);
    expect(getComputedStyle(tok(3).querySelector("rect")!).strokeWidth).to.equal("2px");
    expect(getComputedStyle(tok(2).querySelector("rect")!).strokeWidth).to.not.equal("2px");
    const hl = $(view, ".plots .overlay .lmdiff-steps-highlight");
    expect(hl.getAttribute("data-i")).to.equal("3");
    expect(hl.querySelectorAll("rect").length).to.equal(2); // one band per panel
    // No layout shift: what is below the details area did not move.
    expect($(view, ".hist").getBoundingClientRect().top).to.equal(histBefore);
    pointer($(view, ".strip"), "pointerleave");
    await settle(view);
    expect(view.shadowRoot!.querySelector(".plots .overlay .lmdiff-steps-highlight")).to.equal(null);
    expect(hovers).to.deep.equal([3, null]);
  });

  it("hovering the step plots highlights the token in the strip", async () => {
    const svg = $(view, ".plots > svg");
    const r = svg.getBoundingClientRect();
    const L = stepPlotsLayout(12, renderOptions({ width: view.shadowRoot!.querySelector(".plots > svg")!.getAttribute("width") }));
    const x = r.left + ((L.left + L.band * 5.5) * r.width) / L.width;
    pointer(svg, "pointermove", { clientX: x, clientY: r.top + 60 });
    await settle(view);
    expect(view.hovered).to.equal(5);
    expect(getComputedStyle(tok(5).querySelector("rect")!).strokeWidth).to.equal("2px");
  });

  it("clicking tokens pins several cards, and each can be removed", async () => {
    const pins: [number, boolean][] = [];
    view.addEventListener("lmdiff-token-pin", (e) => pins.push([e.index, e.pinned]));
    click(tok(3).querySelector("rect")!);
    click(tok(9).querySelector("rect")!);
    await settle(view);
    let cards = view.shadowRoot!.querySelectorAll<LmdiffTokenCard>(".pins lmdiff-token-card");
    expect(Array.from(cards, (c) => c.index)).to.deep.equal([3, 9]);
    await cards[0].updateComplete;
    click(cards[0].shadowRoot!.querySelector("button.close")!);
    await settle(view);
    cards = view.shadowRoot!.querySelectorAll<LmdiffTokenCard>(".pins lmdiff-token-card");
    expect(Array.from(cards, (c) => c.index)).to.deep.equal([9]);
    expect(pins).to.deep.equal([[3, true], [9, true], [3, false]]);
  });

  it("arrow keys move between tokens and Enter pins", async () => {
    const strip = $<HTMLElement>(view, ".strip");
    strip.focus();
    const key = (k: string) => strip.dispatchEvent(new KeyboardEvent("keydown", { key: k, bubbles: true, composed: true }));
    key("ArrowRight");
    key("ArrowRight");
    await settle(view);
    expect(view.hovered).to.equal(1);
    key("End");
    key("ArrowLeft");
    await settle(view);
    expect(view.hovered).to.equal(10);
    key("ArrowUp");
    await settle(view);
    expect(view.hovered).to.be.lessThan(9); // a token on the first line
    key("Enter");
    await settle(view);
    expect(view.pins).to.deep.equal([view.hovered]);
    expect($(view, "[aria-live]").textContent).to.contain(`token ${view.hovered! + 1} of 12`);
  });
});
