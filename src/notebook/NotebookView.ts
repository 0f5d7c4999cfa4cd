import { randomUUID } from "node:crypto";
import { inspect } from "node:util";
import type { AlignedData } from "../core/AlignedData.js";
import { instanceOrAlignedToJSON, type AlignedJSON } from "../core/alignedJson.js";
import type { InstanceData } from "../core/InstanceData.js";
import type { InstanceJSON } from "../core/instanceJson.js";
import { displayBundle, type MimeBundle } from "./displayBundle.js";
import { htmlOptions, type HtmlOptions } from "./viewOptions.js";
import { standaloneHtml, viewHtml } from "./viewHtml.js";
import type { ViewPayload } from "./ViewPayload.js";
import { registerView } from "./viewBridge.js";
import { VIEW_MIME, type ViewMimeData, type ViewMimeHead } from "./viewMime.js";
import type { ViewSelection } from "./ViewSelection.js";
import { ViewWidget } from "./ViewWidget.js";
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
  /** Names this view in its outputs, so that a selection made on the page finds it (viewBridge.ts). */
  readonly id: string = randomUUID();
  private current: ViewSelection | null = null;
  private listeners = new Set<(s: ViewSelection) => void>();

  constructor(
    /** What the live element renders. */
    readonly payload: ViewPayload,
    /** The static picture, SVG text. */
    readonly svg: string,
    /** The summary paragraph (models, size, mean of the measure, who wins). */
    readonly summary: string,
    /**
     * The token data of a text of the corpus by its corpus index, for the
     * texts a corpus view does not embed: the page asks for them while the
     * kernel runs (viewBridge.ts).  Absent: only embedded texts open.
     */
    private readonly loadInstance?: (index: number) => InstanceData | AlignedData,
  ) {
    registerView(this.id, this);
  }

  /** @internal The token data the page asks the bridge for. */
  instanceJson(index: number): InstanceJSON | AlignedJSON {
    const p = this.payload;
    if (p.kind === "instance") {
      if (index !== p.instance.index) throw new Error(`this view shows text #${p.instance.index} only`);
      return p.instance;
    }
    const embedded = p.corpus.instances?.[index];
    if (embedded) return embedded;
    if (!this.loadInstance) throw new Error(`this view has no token data for text #${index}`);
    return instanceOrAlignedToJSON(this.loadInstance(index));
  }

  /**
   * What the reader last selected in this view on the page (the open text,
   * pinned tokens, a brushed range), or null before any selection.  Filled
   * in where lmdiff's JupyterLab extension renders the view, in tslab and
   * Deno kernels alike; keep the view in a variable to read it in the next
   * cell: `const v = results.view(); v.show()`, then `v.selection`.
   */
  get selection(): ViewSelection | null {
    return this.current;
  }

  /** Call `cb` with every new selection; returns a function that stops it. */
  onSelect(cb: (s: ViewSelection) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** @internal The bridge delivers the page's selections here. */
  receiveSelection(s: ViewSelection): void {
    this.current = s;
    for (const cb of this.listeners) {
      try {
        cb(s);
      } catch (e) {
        // One failing callback must not stop the others or the bridge.
        console.error(`lmdiff: an onSelect callback threw: ${(e as Error).message ?? e}`);
      }
    }
  }

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
    const vendor: ViewMimeHead & { payload: "text/html" } = { v: 1, kind: this.payload.kind, id: this.id, payload: "text/html" };
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

  /**
   * This view as a Jupyter widget that the kernel can update on screen
   * (`w.measure = "rank_diff"`; Deno's kernel only: tslab has no comms).
   */
  toWidget(): ViewWidget {
    return new ViewWidget(this);
  }

  [JUPYTER_DISPLAY](): MimeBundle {
    return this.toMimeBundle();
  }

  [inspect.custom](): string {
    return `${this.summary}\n(call .show() to display the view)`;
  }
}
