import type { PackedViewPayload } from "./ViewPayload.js";

/**
 * The MIME type of lmdiff's own notebook output entry, rendered live by
 * the JupyterLab extension (src/jupyterlab).  It leads every view's bundle,
 * so that a front end with a renderer for it picks it over text/html.
 */
export const VIEW_MIME = "application/vnd.lmdiff.view+json";

/**
 * What the entry holds: either the packed payload itself (`gzip`), or a
 * pointer to the output's own text/html, whose <script class="lmdiff-data">
 * holds it.  Notebook views use the pointer: the payload is the bulk of an
 * output (a corpus view's 380 KB of 540 KB), and carrying it twice would
 * break the committed notebooks' budget of 1 MB each (issue #12).  The
 * classic Notebook, VS Code and nbconvert can only read it from the HTML.
 */
export type ViewMimeData = ViewMimeHead & (PackedViewPayload | { payload: "text/html" });

/** The fields of ViewMimeData that do not depend on where the payload is. */
export interface ViewMimeHead {
  v: 1;
  kind: "instance" | "corpus";
  /** The kernel's NotebookView.id, where selections made on the page are sent (viewBridge.ts). */
  id?: string;
}

/** The MIME type of the kernel's answer to the page's request for a text's token data (viewBridge.ts). */
export const VIEW_REPLY_MIME = "application/vnd.lmdiff.reply+json";

/** That answer: the text's InstanceJSON gzipped in base64, or why there is none. */
export type ViewReply = { request: string; ok: true; gzip: string } | { request: string; ok: false; error: string };
