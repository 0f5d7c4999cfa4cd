import { inspect } from "node:util";
import { displayBundle, type MimeBundle } from "./displayBundle.js";
import { htmlOptions, type HtmlOptions } from "./viewOptions.js";
import { standaloneHtml, viewHtml } from "./viewHtml.js";
import type { ViewPayload } from "./ViewPayload.js";
import { VIEW_MIME, type ViewMimeData } from "./viewMime.js";
import { takeWidgetsBundle } from "./widgetsSession.js";

/** Deno's kernel displays any value with a method under this symbol. */
export const JUPYTER_DISPLAY = Symbol.for("Jupyter.display");

/** The bundle of a view's output: every entry is always there. */
export type ViewBundle = MimeBundle & { "text/html": string; [VIEW_MIME]: ViewMimeData };

/**
 * One displayable view of a comparison, built once: its data for the live
 * element, its static picture and its summary.  Every way of showing it
 * (a MIME bundle, Deno's display protocol, tslab, an HTML file, the
 * console) reads from these three.
 */
export class NotebookView {
  constructor(
    /** What the live element renders. */
    readonly payload: ViewPayload,
    /** The static picture, SVG text. */
    readonly svg: string,
    /** The summary paragraph (models, size, mean of the measure, who wins). */
    readonly summary: string,
  ) {}

  /**
   * The output a notebook shows: lmdiff's own entry (VIEW_MIME, which
   * lmdiff's JupyterLab extension renders live, trusted or not; it points
   * at the data in the HTML rather than repeating it), text/html (live element, its one picture,
   * its packed data) and text/plain.  The first bundle made in a kernel
   * session carries the widgets' script; later ones a small loader that
   * relies on it (widgetsSession.ts says why).  The picture is not sent a
   * second time as image/svg+xml: the front ends and viewers at hand pick
   * text/html over it when both are there (nbconvert, the classic Notebook
   * and JupyterLab, trusted or not: untrusted, they sanitise the HTML and
   * keep its <img>), so that copy was almost never shown.
   */
  toMimeBundle(): ViewBundle {
    const vendor: ViewMimeData = { v: 1, kind: this.payload.kind, payload: "text/html" };
    return {
      [VIEW_MIME]: vendor,
      "text/html": viewHtml({ payload: this.payload, svg: this.svg, alt: this.summary, widgets: takeWidgetsBundle() }),
      "text/plain": this.summary,
    };
  }

  /**
   * The HTML fragment of the output, or with `standalone` a whole page that
   * opens offline.  Either carries the widgets' script: it is meant for a
   * page of its own, where no earlier output defines the element.
   */
  toHTML(options: HtmlOptions = {}): string {
    const o = htmlOptions(options);
    const fragment = viewHtml({ payload: this.payload, svg: this.svg, alt: this.summary, widgets: true });
    return o.standalone ? standaloneHtml(fragment, o.title) : fragment;
  }

  /**
   * Display the view in the running notebook: tslab shows it at once
   * (returns undefined, so nothing else is printed); Deno returns a promise
   * to await; a plain script prints the summary.
   */
  show(): Promise<void> | undefined {
    return displayBundle(this.toMimeBundle());
  }

  [JUPYTER_DISPLAY](): MimeBundle {
    return this.toMimeBundle();
  }

  [inspect.custom](): string {
    return `${this.summary}\n(call .show() to display the view)`;
  }
}
