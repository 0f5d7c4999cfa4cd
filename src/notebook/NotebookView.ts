import { inspect } from "node:util";
import { displayBundle, type MimeBundle } from "./displayBundle.js";
import { htmlOptions, type HtmlOptions } from "./viewOptions.js";
import { standaloneHtml, viewHtml } from "./viewHtml.js";
import type { ViewPayload } from "./ViewPayload.js";

/** Deno's kernel displays any value with a method under this symbol. */
export const JUPYTER_DISPLAY = Symbol.for("Jupyter.display");

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

  /** The output: text/html (live element + fallback picture), image/svg+xml and text/plain. */
  toMimeBundle(): MimeBundle {
    return {
      "text/html": this.toHTML(),
      "image/svg+xml": this.svg,
      "text/plain": this.summary,
    };
  }

  /** The HTML fragment of the output, or with `standalone` a whole page that opens offline. */
  toHTML(options: HtmlOptions = {}): string {
    const o = htmlOptions(options);
    const fragment = viewHtml({ payload: this.payload, svg: this.svg, alt: this.summary });
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
