import { expect } from "chai";
import { html, LitElement } from "lit";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import type { Figure } from "../../src/render/svg.js";
import { StripBandsController } from "../../src/widgets/StripBandsController.js";
import { mount, unmount } from "./helpers.js";

/** A host that shows `count` bands of 10 px, each one text element naming it. */
class BandsHost extends LitElement {
  bands = new StripBandsController(this, { strip: ".strip", first: 2, perTask: 3 });
  count = 10;
  private stripHtml = "";
  override willUpdate(): void {
    const figures: Figure[] = Array.from({ length: this.count }, (_, j) => ({
      width: 50,
      height: 10,
      body: `<text class="b${j}">${j}</text>`,
    }));
    this.stripHtml = this.bands.html(figures);
  }
  override render() {
    return html`<div class="strip">${unsafeHTML(this.stripHtml)}</div>`;
  }
}
customElements.define("test-bands-host", BandsHost);

const filled = (el: BandsHost) => Array.from(el.shadowRoot!.querySelectorAll(".band")).map((b) => b.querySelector("svg") !== null);
const tasks = (n: number) => new Promise((r) => setTimeout(r, n));

describe("StripBandsController", () => {
  let el: BandsHost;
  beforeEach(async () => {
    el = document.createElement("test-bands-host") as BandsHost;
    await mount(el);
  });
  afterEach(() => unmount(el));

  it("html(bands) draws the first bands at once and gives every band a box of its height", () => {
    el = document.createElement("test-bands-host") as BandsHost;
    const c = new StripBandsController(el, { strip: ".strip", first: 2, perTask: 3 });
    const box = document.createElement("div");
    box.innerHTML = c.html([
      { width: 5, height: 7, body: "" },
      { width: 5, height: 8, body: "" },
      { width: 5, height: 9, body: "" },
    ]);
    expect(Array.from(box.querySelectorAll<HTMLElement>(".band")).map((b) => b.style.height)).to.deep.equal(["7px", "8px", "9px"]);
    expect(Array.from(box.querySelectorAll(".band")).map((b) => b.querySelector("svg") !== null)).to.deep.equal([true, true, false]);
  });

  it("fills the other bands, a few per task, after the host has updated", async () => {
    await tasks(50);
    expect(filled(el)).to.deep.equal(new Array(10).fill(true));
    expect(el.shadowRoot!.querySelector(".band .b9")?.textContent).to.equal("9");
  });

  it("fillAll() fills every pending band at once", async () => {
    el.count = 20;
    el.requestUpdate();
    await el.updateComplete;
    el.bands.fillAll();
    expect(filled(el)).to.deep.equal(new Array(20).fill(true));
  });

  it("a new strip drops the bands pending from the old one", async () => {
    el.count = 20;
    el.requestUpdate();
    await el.updateComplete;
    el.count = 3;
    el.requestUpdate();
    await el.updateComplete;
    await tasks(50);
    expect(filled(el)).to.deep.equal([true, true, true]);
  });

  it("stops filling when the host is disconnected", async () => {
    el.count = 20;
    el.requestUpdate();
    await el.updateComplete;
    const strip = el.shadowRoot!.querySelector(".strip")!;
    unmount(el);
    await tasks(50);
    expect(Array.from(strip.querySelectorAll(".band")).filter((b) => b.querySelector("svg")).length).to.equal(2);
  });
});
