import assert from "node:assert/strict";
import { inspect } from "node:util";
import { test } from "node:test";
import { instanceView } from "../../src/notebook/instanceView.js";
import { JUPYTER_DISPLAY } from "../../src/notebook/NotebookView.js";
import { VIEW_TAG } from "../../src/notebook/viewElementSource.js";
import { widgetsSource } from "../../src/notebook/widgetsSource.js";
import { nastyComparison, NASTY } from "./fixtures.js";

const view = () => instanceView(nastyComparison());

test("toMimeBundle() gives text/html, image/svg+xml and text/plain", () => {
  const b = view().toMimeBundle();
  assert.deepEqual(Object.keys(b).sort(), ["image/svg+xml", "text/html", "text/plain"]);
  assert.match(b["image/svg+xml"], /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(b["text/plain"], /^lmdiff: tiny-en \(model 1\) vs tiny-en-distil \(model 2\) on one text of 12 tokens\. Mean probability difference/);
});

test("text/html holds the versioned element with its data and picture, then ONE script that defines it", () => {
  const html = view().toMimeBundle()["text/html"];
  assert.equal(VIEW_TAG, "lmdiff-view-v1");
  assert.match(html, /^<lmdiff-view-v1 class="lmdiff-view"[^>]*><img class="lmdiff-fallback"[^>]* width="\d+" height="\d+"[^>]* src="data:image\/svg\+xml;base64,[^"]+"><script type="application\/json" class="lmdiff-data">/);
  const scripts = html.match(/<script\b[^>]*>/g)!;
  assert.deepEqual(scripts, ['<script type="application/json" class="lmdiff-data">', "<script>"]);
  const inline = html.slice(html.lastIndexOf("<script>"));
  assert.match(inline, /^<script>\nif \(!window\.customElements \|\| !customElements\.get\("lmdiff-view-v1"\)\) \{/);
  assert.ok(inline.includes("window.lmdiffWidgets"), "the widgets bundle is inlined");
  assert.equal(html.split("</script>").length - 1, 2, "only the two scripts' own end tags");
});

test("text/html keeps the texts' </script>, <!-- and line separators inert, and the data reads back intact", () => {
  const html = view().toHTML();
  const start = html.indexOf('class="lmdiff-data">') + 'class="lmdiff-data">'.length;
  const json = html.slice(start, html.indexOf("</script>", start));
  assert.doesNotMatch(json, /<|\u2028|\u2029/);
  assert.ok(JSON.parse(json).instance.text.endsWith(NASTY));
});

test("an output stays within 150 KB besides its data and picture", () => {
  const v = view();
  const html = v.toHTML();
  const data = JSON.stringify(v.payload).length;
  const picture = Math.ceil(Buffer.byteLength(v.svg) / 3) * 4;
  const rest = Buffer.byteLength(html) - data - picture;
  assert.ok(rest <= 150 * 1024, `${rest} bytes of HTML and script`);
  assert.ok(rest >= widgetsSource().length, "the bundle is in it");
});

test("toHTML({ standalone: true }) is a whole offline page", () => {
  const page = view().toHTML({ standalone: true, title: "a <b> test" });
  assert.match(page, /^<!doctype html>\n<html lang="en">/);
  assert.match(page, /<title>a &lt;b&gt; test<\/title>/);
  assert.doesNotMatch(page, /(src|href)="(https?:)?\/\//, "nothing is fetched");
});

test("Symbol.for('Jupyter.display') returns the MIME bundle and util.inspect the summary", () => {
  const v = view();
  assert.equal(JUPYTER_DISPLAY, Symbol.for("Jupyter.display"));
  assert.deepEqual(Object.keys(v[JUPYTER_DISPLAY]()).sort(), ["image/svg+xml", "text/html", "text/plain"]);
  assert.match(inspect(v), /^lmdiff: .*\n\(call \.show\(\) to display the view\)$/);
});
