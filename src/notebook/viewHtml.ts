import { Buffer } from "node:buffer";
import { escapeXml } from "../render/svg.js";
import { jsForScript, jsonForScript } from "./scriptEmbed.js";
import { VIEW_ELEMENT_SOURCE, VIEW_TAG } from "./viewElementSource.js";
import type { ViewPayload } from "./ViewPayload.js";
import { widgetsSource } from "./widgetsSource.js";

/** The parts of one output's HTML. */
export interface ViewHtmlParts {
  payload: ViewPayload;
  /** The static picture (SVG text), shown until the live view starts and wherever scripts do not run. */
  svg: string;
  /** Short text for the picture's alt attribute. */
  alt: string;
}

function svgSize(svg: string): { width: string; height: string } {
  const head = svg.slice(0, svg.indexOf(">"));
  return { width: /\swidth="([\d.]+)"/.exec(head)?.[1] ?? "800", height: /\sheight="([\d.]+)"/.exec(head)?.[1] ?? "400" };
}

/**
 * The text/html of a notebook output: the versioned element holding its
 * fallback picture and its data, followed by ONE script that defines the
 * element (and the widgets) unless the page has them already.  The script
 * comes after the element so that a page parsed from HTML (an nbconvert
 * export) already holds the element's children when the definition
 * upgrades it.
 */
export function viewHtml(p: ViewHtmlParts): string {
  const { width, height } = svgSize(p.svg);
  const src = "data:image/svg+xml;base64," + Buffer.from(p.svg, "utf8").toString("base64");
  const define = `if (!window.customElements || !customElements.get(${JSON.stringify(VIEW_TAG)})) {\n${jsForScript(widgetsSource())}\n${jsForScript(VIEW_ELEMENT_SOURCE)}\n}`;
  return (
    `<${VIEW_TAG} class="lmdiff-view" style="display:block">` +
    `<img class="lmdiff-fallback" alt="${escapeXml(p.alt)}" width="${width}" height="${height}" style="max-width:100%;height:auto" src="${src}">` +
    `<script type="application/json" class="lmdiff-data">${jsonForScript(p.payload)}</script>` +
    `</${VIEW_TAG}>\n<script>\n${define}\n</script>`
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
