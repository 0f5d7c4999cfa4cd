import assert from "node:assert/strict";
import { inspect } from "node:util";
import { test } from "node:test";
import { gunzipJson } from "../../src/core/gunzipJson.js";
import { instanceView } from "../../src/notebook/instanceView.js";
import { JUPYTER_DISPLAY } from "../../src/notebook/NotebookView.js";
import { VIEW_LOADER_SOURCE, VIEW_TAG } from "../../src/notebook/viewElementSource.js";
import { jsForScript } from "../../src/notebook/scriptEmbed.js";
import { packViewPayload } from "../../src/notebook/viewHtml.js";
import type { PackedViewPayload, ViewPayload } from "../../src/notebook/ViewPayload.js";
import { widgetsSource } from "../../src/notebook/widgetsSource.js";
import { resetWidgetsSession } from "../../src/notebook/widgetsSession.js";
import { nastyInstance, NASTY } from "./fixtures.js";

const view = () => instanceView(nastyInstance());

/** The packed payload of an output's HTML, unpacked as the page unpacks it. */
async function payloadOf(html: string): Promise<{ json: string; payload: ViewPayload }> {
  const start = html.indexOf('class="lmdiff-data">') + 'class="lmdiff-data">'.length;
  const json = html.slice(start, html.indexOf("</script>", start));
  return { json, payload: (await gunzipJson((JSON.parse(json) as PackedViewPayload).gzip)) as ViewPayload };
}

const pictures = (html: string) => html.match(/data:image\/svg\+xml;base64,/g)?.length ?? 0;

test("toMimeBundle() gives lmdiff's entry first, then text/html and text/plain, with the picture once, in the HTML", () => {
  const b = view().toMimeBundle();
  assert.deepEqual(Object.keys(b), ["application/vnd.lmdiff.view+json", "text/html", "text/plain"]);
  // The entry points at the HTML's data rather than carrying it a second time.
  const { id, ...entry } = b["application/vnd.lmdiff.view+json"];
  assert.deepEqual(entry, { v: 1, kind: "instance", payload: "text/html" });
  assert.match(
    String(id),
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    "the view's id, for selections made on the page",
  );
  assert.equal(pictures(b["text/html"]), 1);
  assert.match(
    b["text/plain"],
    /^lmdiff: tiny-en \(model 1\) vs tiny-en-distil \(model 2\) on one text of 12 tokens\. Mean probability difference/,
  );
});

test("text/html holds the versioned element with its packed data and picture, then ONE script that defines it", () => {
  resetWidgetsSession();
  const html = view().toMimeBundle()["text/html"];
  assert.equal(VIEW_TAG, "lmdiff-view-v2");
  assert.match(
    html,
    /^<lmdiff-view-v2 class="lmdiff-view"[^>]*><img class="lmdiff-fallback"[^>]* width="\d+" height="\d+"[^>]* src="data:image\/svg\+xml;base64,[^"]+"><script type="application\/json" class="lmdiff-data">\{"gzip":"[A-Za-z0-9+/=]+"\}<\/script>/,
  );
  const scripts = html.match(/<script\b[^>]*>/g)!;
  assert.deepEqual(scripts, ['<script type="application/json" class="lmdiff-data">', "<script>"]);
  const inline = html.slice(html.lastIndexOf("<script>"));
  assert.match(inline, /^<script>\nif \(!window\.customElements \|\| !customElements\.get\("lmdiff-view-v2"\)\) \{/);
  assert.ok(inline.includes("window.lmdiffWidgets"), "the widgets bundle is inlined");
  assert.equal(html.split("</script>").length - 1, 2, "only the two scripts' own end tags");
});

test("only the first output of a kernel session carries the widgets bundle; later ones carry the small loader", () => {
  resetWidgetsSession();
  const [first, second, third] = [view(), view(), view()].map((v) => v.toMimeBundle()["text/html"]);
  assert.ok(first.includes(jsForScript(widgetsSource())), "the first output defines the widgets");
  for (const later of [second, third]) {
    assert.ok(!later.includes("lmdiffWidgets"), "no bundle");
    assert.ok(later.includes(VIEW_LOADER_SOURCE));
    assert.equal(later.match(/<script\b[^>]*>/g)!.length, 2, "its data and ONE script");
    assert.equal(pictures(later), 1, "its own picture, for pages where scripts do not run");
  }
  assert.ok(second.length < first.length - widgetsSource().length + 2048);
});

test("toHTML() always carries the widgets bundle, also after the session sent it", () => {
  resetWidgetsSession();
  view().toMimeBundle();
  assert.ok(view().toHTML().includes(jsForScript(widgetsSource())));
  assert.ok(view().toHTML({ standalone: true }).includes(jsForScript(widgetsSource())));
});

test("text/html keeps the texts' </script>, <!-- and line separators inert, and the data reads back intact", async () => {
  const { json, payload } = await payloadOf(view().toHTML());
  assert.doesNotMatch(json, /<|\u2028|\u2029/);
  assert.equal(payload.kind, "instance");
  if (payload.kind === "instance") assert.ok(payload.instance.text.endsWith(NASTY));
  assert.deepEqual(payload, JSON.parse(JSON.stringify(view().payload)), "the payload, exactly");
});

test("packViewPayload() gives the same bytes for the same view, so re-executed notebooks diff cleanly", () => {
  assert.equal(packViewPayload(view().payload).gzip, packViewPayload(view().payload).gzip);
});

test("an output stays within 200 KB besides its data and picture, and within 2 KB without the bundle", () => {
  const v = view();
  const data = JSON.stringify(packViewPayload(v.payload)).length;
  const picture = Math.ceil(Buffer.byteLength(v.svg) / 3) * 4;
  resetWidgetsSession();
  const rest = Buffer.byteLength(v.toMimeBundle()["text/html"]) - data - picture;
  assert.ok(rest <= 200 * 1024, `${rest} bytes of HTML and script`);
  assert.ok(rest >= widgetsSource().length, "the bundle is in it");
  const later = Buffer.byteLength(v.toMimeBundle()["text/html"]) - data - picture;
  assert.ok(later <= 2048, `${later} bytes of HTML and script without the bundle`);
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
  assert.deepEqual(Object.keys(v[JUPYTER_DISPLAY]()), ["application/vnd.lmdiff.view+json", "text/html", "text/plain"]);
  assert.match(inspect(v), /^lmdiff: .*\n\(call \.show\(\) to display the view\)$/);
});
