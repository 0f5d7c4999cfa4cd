import { expect } from "chai";
import "../../src/widgets/index.js";
import type { LmdiffInstanceView } from "../../src/widgets/LmdiffInstanceView.js";
import type { LmdiffTokenCard } from "../../src/widgets/LmdiffTokenCard.js";
import { figureSVG } from "../../src/export/figureSVG.js";
import type { DownloadEvent } from "../../src/widgets/events.js";
import type { LmdiffDownload } from "../../src/widgets/LmdiffDownload.js";
import { stepPlotsLayout } from "../../src/render/stepPlots.js";
import { renderOptions } from "../../src/render/renderOptions.js";
import { fixtureInstance } from "../fixtures/instance.js";
import { $, captureDownloads, click, mount, pointer, settle, unmount } from "./helpers.js";

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
    const heightBefore = view.getBoundingClientRect().height;
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
    // No layout shift: what is below the details area did not move, and the view kept its height.
    expect($(view, ".hist").getBoundingClientRect().top).to.equal(histBefore);
    expect(view.getBoundingClientRect().height).to.equal(heightBefore);
    // The card floats over the histogram and fits inside the view.
    expect(card.getBoundingClientRect().bottom).to.be.at.most(view.getBoundingClientRect().bottom + 0.5);
    pointer($(view, ".strip"), "pointerleave");
    await settle(view);
    expect(view.shadowRoot!.querySelector(".plots .overlay .lmdiff-steps-highlight")).to.equal(null);
    expect(hovers).to.deep.equal([3, null]);
  });

  it("hovering the step plots highlights the token in the strip", async () => {
    const svg = $(view, ".plots > svg");
    const r = svg.getBoundingClientRect();
    const L = stepPlotsLayout(
      12,
      renderOptions({ width: view.shadowRoot!.querySelector(".plots > svg")!.getAttribute("width") }),
      view.data!.models,
    );
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
    expect(pins).to.deep.equal([
      [3, true],
      [9, true],
      [3, false],
    ]);
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

  it("keeps no big empty block below the plots when no card is shown", () => {
    const plotsBottom = $(view, ".plots").getBoundingClientRect().bottom;
    const histTop = $(view, ".hist").getBoundingClientRect().top;
    expect(histTop - plotsBottom).to.be.lessThan(100);
    // Only what a card needs beyond the histogram is kept at the bottom.
    const histBottom = $(view, ".hist").getBoundingClientRect().bottom;
    expect(view.getBoundingClientRect().bottom - histBottom).to.be.lessThan(120);
  });

  it("shows the heading it is given", async () => {
    expect(view.shadowRoot!.querySelector("h3.heading")).to.equal(null);
    view.heading = "your text";
    await settle(view);
    expect($(view, "h3.heading").textContent).to.equal("your text");
  });

  describe("download buttons", () => {
    let cap: ReturnType<typeof captureDownloads>;
    beforeEach(() => (cap = captureDownloads()));
    afterEach(() => cap.restore());
    const dl = () => $<LmdiffDownload>(view, "lmdiff-download");

    it("the SVG button saves figureSVG's composite figure for the view's options and fires lmdiff-download", async () => {
      const events: DownloadEvent[] = [];
      view.addEventListener("lmdiff-download", (e) => events.push(e));
      await dl().updateComplete;
      click(dl().shadowRoot!.querySelector("button.svg")!);
      await settle(view);
      expect(cap.blobs.length).to.equal(1);
      const svg = await cap.blobs[0].text();
      expect(svg.startsWith("<svg")).to.equal(true);
      expect(svg).to.equal(figureSVG(fixtureInstance(), { view: "composite", measure: "prob_diff", palette: "rdbu" }));
      expect(cap.anchors.map((a) => a.download)).to.deep.equal(["lmdiff-tiny-en-vs-tiny-en-distil-composite.svg"]);
      expect(events.length).to.equal(1);
      expect([events[0].view, events[0].format, events[0].filename]).to.deep.equal([
        "composite",
        "svg",
        "lmdiff-tiny-en-vs-tiny-en-distil-composite.svg",
      ]);
    });

    it("follows the measure and the picked figure (the strip)", async () => {
      view.measure = "rank_diff";
      view.palette = "puor";
      await settle(view);
      await dl().updateComplete;
      const pick = dl().shadowRoot!.querySelector<HTMLSelectElement>("select.figure")!;
      pick.value = "strip";
      pick.dispatchEvent(new Event("change"));
      await dl().updateComplete;
      click(dl().shadowRoot!.querySelector("button.svg")!);
      await settle(view);
      expect(await cap.blobs[0].text()).to.equal(figureSVG(fixtureInstance(), { view: "strip", measure: "rank_diff", palette: "puor" }));
      expect(cap.anchors[0].download).to.equal("lmdiff-tiny-en-vs-tiny-en-distil-strip.svg");
    });

    it("a cancelled lmdiff-download keeps the blob and starts no download", async () => {
      let blob: Blob | null = null;
      view.addEventListener("lmdiff-download", (e) => {
        blob = e.blob;
        e.preventDefault();
      });
      await dl().updateComplete;
      click(dl().shadowRoot!.querySelector("button.svg")!);
      await settle(view);
      expect(blob).to.not.equal(null);
      expect(cap.anchors.length).to.equal(0);
    });

    it("the PNG button saves a PNG twice the figure's size", async () => {
      const events: DownloadEvent[] = [];
      view.addEventListener("lmdiff-download", (e) => events.push(e));
      await dl().updateComplete;
      await dl().download("png");
      expect(events.length).to.equal(1);
      const png = events[0].blob;
      expect(png.type).to.equal("image/png");
      expect(cap.anchors[0].download).to.equal("lmdiff-tiny-en-vs-tiny-en-distil-composite.png");
      const bmp = await createImageBitmap(png);
      const svg = figureSVG(fixtureInstance(), { view: "composite" });
      const vb = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg)!;
      expect(bmp.width).to.equal(Math.round(Number(vb[1]) * 2));
      expect(bmp.height).to.equal(Math.round(Number(vb[2]) * 2));
    });
  });
});

describe("<lmdiff-instance-view> with two identical models", () => {
  let view: LmdiffInstanceView;
  afterEach(() => unmount(view));

  it("shows all-zero differences as white, with a ±1 legend and one bar centred on 0", async () => {
    const d = fixtureInstance();
    view = document.createElement("lmdiff-instance-view");
    view.data = { ...d, m2: d.m1 };
    await mount(view);
    expect($(view, ".legend").textContent).to.contain("−1").and.contain("1");
    expect($(view, ".legend").textContent).to.not.contain("0.000001");
    const bins = view.shadowRoot!.querySelectorAll(".hist rect.bin");
    expect(bins.length).to.equal(1);
    const r = bins[0].getBoundingClientRect();
    const axis = $(view, ".hist svg").getBoundingClientRect();
    // The plot runs from x = 40 to width − 12 in figure units; its middle (value 0) is the bar's centre.
    const svgW = Number($(view, ".hist svg").getAttribute("width"));
    const zeroX = axis.left + ((40 + (svgW - 12)) / 2) * (axis.width / svgW);
    expect(Math.abs((r.left + r.right) / 2 - zeroX)).to.be.lessThan(1.5);
    expect($(view, ".hist").textContent).to.contain("all are 0");
  });
});
