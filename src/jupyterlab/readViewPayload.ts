import { gunzipJson } from "../core/gunzipJson.js";
import { VIEW_MIME, type ViewMimeData } from "../notebook/viewMime.js";
import type { ViewPayload } from "../notebook/ViewPayload.js";

/** An output's data as JupyterLab hands it over: MIME type → value. */
export type OutputData = Readonly<Record<string, unknown>>;

/** A text entry of an output, which nbformat may store as a list of lines. */
export function textEntry(data: OutputData, mime: string): string | null {
  const v = data[mime];
  if (typeof v === "string") return v;
  if (Array.isArray(v) && v.every((l) => typeof l === "string")) return v.join("");
  return null;
}

/**
 * The parsed HTML of the output's text/html.  DOMParser makes an inert
 * document: its scripts never run and its images never load, so reading an
 * untrusted output this way executes nothing.
 */
export function outputHtml(data: OutputData): Document | null {
  const html = textEntry(data, "text/html");
  return html === null ? null : new DOMParser().parseFromString(html, "text/html");
}

/**
 * The view's payload from an output: from the lmdiff entry itself, or from
 * the <script class="lmdiff-data"> of the output's text/html when the entry
 * points there (viewMime.ts says why).  Every shape is checked, so that an
 * edited or truncated notebook gives one line saying what is wrong.
 */
export async function readViewPayload(data: OutputData): Promise<ViewPayload> {
  const entry = data[VIEW_MIME] as Partial<ViewMimeData> | undefined;
  if (!entry || typeof entry !== "object" || entry.v !== 1)
    throw new Error(`the output's ${VIEW_MIME} entry is not a version 1 lmdiff view (made by a newer lmdiff? update the extension)`);
  let gzip: unknown;
  if ("gzip" in entry) gzip = entry.gzip;
  else if ("payload" in entry && entry.payload === "text/html") {
    const holder = outputHtml(data)?.querySelector("script.lmdiff-data");
    if (!holder) throw new Error("the output's text/html holds no lmdiff data (the notebook was edited or truncated)");
    gzip = (JSON.parse(holder.textContent ?? "null") as { gzip?: unknown } | null)?.gzip;
  } else throw new Error(`the output's ${VIEW_MIME} entry has neither gzip nor payload: "text/html"`);
  if (typeof gzip !== "string") throw new Error("the lmdiff data of this output is not a base64 gzip string");
  const payload = (await gunzipJson(gzip)) as ViewPayload;
  if (!payload || typeof payload !== "object" || payload.v !== 1 || (payload.kind !== "instance" && payload.kind !== "corpus"))
    throw new Error("the lmdiff data of this output is not a version 1 instance or corpus view");
  return payload;
}
