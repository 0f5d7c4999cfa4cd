import { gzipSync } from "node:zlib";
import { bytesToBase64 } from "../core/base64.js";
import { svgSize } from "../export/svgSize.js";
import { escapeXml } from "../render/svg.js";
import { jsForScript, jsonForScript } from "./scriptEmbed.js";
import { VIEW_ELEMENT_SOURCE, VIEW_LOADER_SOURCE, VIEW_TAG } from "./viewElementSource.js";
import type { PackedViewPayload, ViewPayload } from "./ViewPayload.js";
import { widgetsSource } from "./widgetsSource.js";

/** The parts of one output's HTML. */
export interface ViewHtmlParts {
  payload: ViewPayload;
  /** The static picture (SVG text), shown until the live view starts and wherever scripts do not run. */
  svg: string;
  /** Short text for the picture's alt attribute. */
  alt: string;
  /**
   * Whether this output defines the element (the widgets bundle and the
   * element's source, about 140 KB) or only carries the small loader and
   * relies on an earlier output of the page for the definition.
   */
  widgets: boolean;
}

/**
 * The payload as an output holds it: its JSON gzipped, in base64 (read by
 * core/gunzipJson.ts in the page).  Node's gzip writes no file name and a
 * zero time stamp, so the same view gives the same bytes and re-executed
 * notebooks diff cleanly.
 */
export function packViewPayload(payload: ViewPayload): PackedViewPayload {
  return { gzip: bytesToBase64(gzipViewPayload(payload)) };
}

/** The payload's JSON, gzipped: the bytes a widget sends as a binary buffer, and packViewPayload in base64. */
export function gzipViewPayload(payload: ViewPayload): Uint8Array {
  return gzipSync(JSON.stringify(payload), { level: 9 });
}

/**
 * The text/html of a notebook output: the versioned element holding its
 * fallback picture and its packed data, followed by ONE script: with
 * `widgets`, the one that defines the element (and the widgets) unless the
 * page has them already, else the small loader.  The script comes after
 * the element so that a page parsed from HTML (an nbconvert export) already
 * holds the element's children when the definition upgrades it.
 *
 * The picture is there once, as an <img> with a data: URL: the one form
 * that the classic Notebook and JupyterLab keep in untrusted outputs (they
 * drop image/svg+xml and scripts there) and that static viewers show.  It
 * stays SVG: rasterised at the same size, as PNG, it was three to four
 * times larger (measured on the committed notebooks' pictures).
 */
export function viewHtml(p: ViewHtmlParts): string {
  const { width, height } = svgSize(p.svg);
  const src = "data:image/svg+xml;base64," + bytesToBase64(new TextEncoder().encode(p.svg));
  const define = `${jsForScript(widgetsSource())}\n${jsForScript(VIEW_ELEMENT_SOURCE)}`;
  const unlessDefined = `if (!window.customElements || !customElements.get(${JSON.stringify(VIEW_TAG)}))`;
  const script = p.widgets ? `${unlessDefined} {\n${define}\n}` : VIEW_LOADER_SOURCE;
  return (
    `<${VIEW_TAG} class="lmdiff-view" style="display:block">` +
    `<img class="lmdiff-fallback" alt="${escapeXml(p.alt)}" width="${width}" height="${height}" style="max-width:100%;height:auto" src="${src}">` +
    `<script type="application/json" class="lmdiff-data">${jsonForScript(packViewPayload(p.payload))}</script>` +
    `</${VIEW_TAG}>\n<script>\n${script}\n</script>`
  );
}

/** A whole HTML document around one view: it needs no network and no server. */
export function standaloneHtml(fragment: string, title: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(title)}</title>
<style>body{margin:0 auto;padding:16px;max-width:1000px;font-family:system-ui,-apple-system,'Segoe UI',sans-serif}</style>
</head>
<body>
${fragment}
</body>
</html>
`;
}
