import { base64ToBytes } from "./base64.js";
import { gunzipBytesJson } from "./gunzipBytesJson.js";

/**
 * The JSON value in a base64 string of gzip bytes: how a notebook output
 * carries its view's data (src/notebook/viewHtml.ts writes it with Node's
 * zlib).  Token data is already binary; what gzip saves is the text around
 * it: a corpus's texts, tokens and vocabularies, and the many small
 * integers (ranks, ids) in its typed arrays, about a third of an output.
 *
 * It uses the web's DecompressionStream, which browsers (Chromium 80,
 * Firefox 113, Safari 16.4), Node (18) and Deno all have, so the one
 * decoder serves the notebook element, a JupyterLab renderer and the tests.
 * Decompressing is asynchronous there; a page without DecompressionStream
 * rejects, and the element keeps its static picture and says why.
 */
export function gunzipJson(base64: string): Promise<unknown> {
  return gunzipBytesJson(base64ToBytes(base64));
}
