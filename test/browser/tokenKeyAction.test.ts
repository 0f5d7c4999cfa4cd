import { expect } from "chai";
import type { TokenLayout } from "../../src/render/tokenLayout.js";
import { tokenKeyAction, verticalNeighbour } from "../../src/widgets/tokenKeyAction.js";

// Two lines: tokens 0–2 on the first, 3–4 on the second (token 3 under token 1, token 4 under token 2).
const box = (i: number, x: number, y: number, w: number) => ({ i, x, y, w, text: "t", partial: false });
const layout: TokenLayout = {
  boxes: [box(0, 0, 0, 30), box(1, 30, 0, 30), box(2, 60, 0, 60), box(3, 25, 20, 40), box(4, 70, 20, 40)],
  width: 200,
  height: 40,
  lineHeight: 20,
  pad: 2,
};

describe("tokenKeyAction", () => {
  it("tokenKeyAction(arrow left/right) walks the tokens in text order, stopping at the ends", () => {
    expect(tokenKeyAction("ArrowRight", 1, layout, 5)).to.deep.equal({ kind: "move", index: 2 });
    expect(tokenKeyAction("ArrowRight", 4, layout, 5)).to.deep.equal({ kind: "move", index: 4 });
    expect(tokenKeyAction("ArrowLeft", 0, layout, 5)).to.deep.equal({ kind: "move", index: 0 });
  });

  it("tokenKeyAction starts at the first token when none is focused", () => {
    expect(tokenKeyAction("ArrowRight", null, layout, 5)).to.deep.equal({ kind: "move", index: 0 });
    expect(tokenKeyAction("ArrowLeft", null, layout, 5)).to.deep.equal({ kind: "move", index: 0 });
    expect(tokenKeyAction("ArrowDown", null, layout, 5)).to.deep.equal({ kind: "move", index: 3 });
  });

  it("tokenKeyAction(Home/End) goes to the first and last token", () => {
    expect(tokenKeyAction("Home", 3, layout, 5)).to.deep.equal({ kind: "move", index: 0 });
    expect(tokenKeyAction("End", 0, layout, 5)).to.deep.equal({ kind: "move", index: 4 });
  });

  it("tokenKeyAction(Enter or Space) pins the focused token, and does nothing without one", () => {
    expect(tokenKeyAction("Enter", 2, layout, 5)).to.deep.equal({ kind: "pin", index: 2 });
    expect(tokenKeyAction(" ", 2, layout, 5)).to.deep.equal({ kind: "pin", index: 2 });
    expect(tokenKeyAction("Enter", null, layout, 5)).to.equal(null);
  });

  it("tokenKeyAction(Escape) leaves the strip; other keys do nothing", () => {
    expect(tokenKeyAction("Escape", 2, layout, 5)).to.deep.equal({ kind: "leave" });
    expect(tokenKeyAction("a", 2, layout, 5)).to.equal(null);
  });

  it("verticalNeighbour(layout, i, dir) is the token on the next or previous line nearest to i's centre", () => {
    expect(verticalNeighbour(layout, 1, 1)).to.equal(3);
    expect(verticalNeighbour(layout, 2, 1)).to.equal(4);
    expect(verticalNeighbour(layout, 4, -1)).to.equal(2);
  });

  it("verticalNeighbour stays on i at the first and last line, and for a token without a box", () => {
    expect(verticalNeighbour(layout, 0, -1)).to.equal(0);
    expect(verticalNeighbour(layout, 3, 1)).to.equal(3);
    expect(verticalNeighbour(layout, 9, 1)).to.equal(9);
  });
});
