import { inspect } from "node:util";
import { CorpusComparison } from "../engine/CorpusComparison.js";
import { InstanceComparison } from "../engine/InstanceComparison.js";
import { corpusView } from "./corpusView.js";
import type { MimeBundle } from "./displayBundle.js";
import { instanceView } from "./instanceView.js";
import { JUPYTER_DISPLAY, NotebookView } from "./NotebookView.js";
import type { CorpusViewOptions, HtmlOptions, InstanceViewOptions } from "./viewOptions.js";

/**
 * Notebook display for the engine's two result classes.  The engine does
 * not know about notebooks (layers depend one way), so this module, loaded
 * for its side effect by the package's index, adds the methods to their
 * prototypes, and the augmentations below make them part of the types.
 *
 *  - view(options): a NotebookView (the combined view of a corpus is
 *    `results.view({ selected: i })`);
 *  - toMimeBundle(options): text/html, image/svg+xml and text/plain;
 *  - [Symbol.for("Jupyter.display")](): what Deno's kernel shows for the
 *    last expression of a cell;
 *  - [util.inspect.custom](): the summary, which is what tslab prints for
 *    the last expression (it console.logs it);
 *  - show(options): display now, in tslab or Deno;
 *  - toHTML(options): the output's HTML, or with { standalone: true } a
 *    page that opens offline.
 */
declare module "../engine/InstanceComparison.js" {
  interface InstanceComparison {
    /** The notebook view of this text. */
    view(options?: InstanceViewOptions): NotebookView;
    /** text/html (live view + static picture), image/svg+xml and text/plain. */
    toMimeBundle(options?: InstanceViewOptions): MimeBundle;
    /** The view's HTML; with `standalone: true` a whole page that opens offline. */
    toHTML(options?: InstanceViewOptions & HtmlOptions): string;
    /** Display the view now: tslab shows it at once; in Deno, `await` it; a script prints the summary. */
    show(options?: InstanceViewOptions): Promise<void> | undefined;
    [JUPYTER_DISPLAY](): MimeBundle;
    [inspect.custom](): string;
  }
}

declare module "../engine/CorpusComparison.js" {
  interface CorpusComparison {
    /** The notebook view: global view and outliers, with `selected` a text below it. */
    view(options?: CorpusViewOptions): NotebookView;
    /** text/html (live view + static picture), image/svg+xml and text/plain. */
    toMimeBundle(options?: CorpusViewOptions): MimeBundle;
    /** The view's HTML; with `standalone: true` a whole page that opens offline. */
    toHTML(options?: CorpusViewOptions & HtmlOptions): string;
    /** Display the view now: tslab shows it at once; in Deno, `await` it; a script prints the summary. */
    show(options?: CorpusViewOptions): Promise<void> | undefined;
    [JUPYTER_DISPLAY](): MimeBundle;
    [inspect.custom](): string;
  }
}

function install<T extends object, O extends object>(proto: T, view: (self: T, o?: O) => NotebookView, kind: string): void {
  const methods: Record<PropertyKey, (this: T, ...a: never[]) => unknown> = {
    view(this: T, o?: O) {
      return view(this, o);
    },
    toMimeBundle(this: T, o?: O) {
      return view(this, o).toMimeBundle();
    },
    toHTML(this: T, o?: O & HtmlOptions) {
      const { standalone, title, ...rest } = o ?? ({} as O & HtmlOptions);
      return view(this, rest as O).toHTML({ standalone, title });
    },
    show(this: T, o?: O) {
      return view(this, o).show();
    },
  };
  for (const [name, fn] of Object.entries(methods)) Object.defineProperty(proto, name, { value: fn, configurable: true, writable: true });
  Object.defineProperty(proto, JUPYTER_DISPLAY, {
    value(this: T) {
      return view(this).toMimeBundle();
    },
    configurable: true,
    writable: true,
  });
  // Printing must stay cheap and never fail: no token data is encoded here.
  Object.defineProperty(proto, inspect.custom, {
    value(this: T & { summary(): string }) {
      return `${kind}: ${this.summary()}\n(call .show() to display the view)`;
    },
    configurable: true,
    writable: true,
  });
}

install(InstanceComparison.prototype, instanceView, "InstanceComparison");
install(CorpusComparison.prototype, corpusView, "CorpusComparison");
