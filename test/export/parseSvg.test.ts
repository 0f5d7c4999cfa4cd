import assert from "node:assert/strict";
import { test } from "node:test";
import { nodeText, parseSvg, unescapeXml } from "../../src/export/parseSvg.js";
import { tokenStrip } from "../../src/render/tokenStrip.js";
import { fixtureInstance } from "../fixtures/instance.js";

test("parseSvg reads elements, attributes and text with entities", () => {
  const root = parseSvg(
    `<svg a="1"><g transform="translate(1,2)"><text x="0">a &lt;b&gt; &amp; &#39;c&#39; &#x1F600;</text><rect/></g></svg>`,
  );
  assert.equal(root.name, "svg");
  assert.equal(root.attrs.a, "1");
  const g = root.children[0] as ReturnType<typeof parseSvg>;
  assert.equal(g.attrs.transform, "translate(1,2)");
  assert.equal(nodeText(g), "a <b> & 'c' 😀");
  assert.equal((g.children[1] as ReturnType<typeof parseSvg>).name, "rect");
});

test("parseSvg reads everything the render core writes", () => {
  const root = parseSvg(tokenStrip(fixtureInstance()));
  assert.ok(nodeText(root).includes("  <&>"));
});

test("parseSvg refuses broken XML and what is not SVG", () => {
  assert.throws(() => parseSvg("<svg><g></svg>"), /mismatched <\/svg>/);
  assert.throws(() => parseSvg("<svg>"), /unclosed <svg>/);
  assert.throws(() => parseSvg("<html/>"), /no <svg> root/);
  assert.throws(() => unescapeXml("&nbsp;"), /unsupported XML entity &nbsp;/);
});
