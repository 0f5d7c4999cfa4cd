import { randomUUID } from "node:crypto";
import { LmdiffError } from "../core/LmdiffError.js";
import { isAlignedJSON } from "../core/alignedJson.js";
import { BYTE_MEASURES, CORPUS_MEASURES, MEASURES, type Measure } from "../core/measures.js";
import { denoJupyter, displayBundle } from "./displayBundle.js";
import type { NotebookView } from "./NotebookView.js";
import { gzipViewPayload } from "./viewHtml.js";
import type { ViewSelection } from "./ViewSelection.js";
import { WIDGET_CLASS_STATE, WIDGET_PROTOCOL_VERSION, WIDGET_TARGET, WIDGET_VIEW_MIME } from "./widgetProtocol.js";

/** Where the work a pending widget waits for stands. */
export interface WidgetProgress {
  done: number;
  total: number;
  label: string;
}

/**
 * A view opened as a Jupyter widget (src/notebook/widgetProtocol.ts): in
 * Deno's kernel, which can send comm messages, the kernel keeps talking to
 * the view on screen.  `w.measure = "rank_diff"` re-colours it, and
 * `w.replace(view)` sends new data (e.g. a corpus comparison that grew
 * while an analysis ran).  Selections come back as on any view
 * (`w.selection`, `w.onSelect`), through the JupyterLab plugin's bridge,
 * because Deno's kernel drops comm messages from the page.
 *
 * The data travels as one binary buffer (the payload's gzipped JSON), not
 * base64.  The output also carries the view's usual bundle, so a front end
 * without the widget manager still shows the view (live with lmdiff's
 * JupyterLab extension, else its picture).
 */
export class ViewWidget {
  private opened = false;
  private current: NotebookView | null;
  private shownMeasure: Measure;
  private status: WidgetProgress | null = null;
  private lastProgress = 0;
  private readonly listeners = new Set<(s: ViewSelection) => void>();
  private unforward: () => void = () => {};
  /** The comm's id: the first view's, or a new one for a widget opened before its data exists. */
  readonly id: string;

  constructor(view: NotebookView | null, title = "") {
    this.current = view;
    this.id = view?.id ?? randomUUID();
    this.shownMeasure = view?.payload.measure ?? "prob_diff";
    this.status = view ? null : { done: 0, total: 0, label: title };
    if (view) this.forward(view);
  }

  /**
   * A widget to show before the data exists: it shows a progress bar that
   * `progress` moves (pass it as compare's onProgress), until
   * `replace(view)` puts the view in its place.
   */
  static pending(title: string): ViewWidget {
    return new ViewWidget(null, title);
  }

  /** The view whose data the widget shows now, or null while pending. */
  get view(): NotebookView | null {
    return this.current;
  }

  get measure(): Measure {
    return this.shownMeasure;
  }

  /**
   * Re-colour the view on screen by another measure: for a corpus view, one
   * whose columns its output carries (a joint measure the view was not made
   * with is not: make the view with it, `results.widget({ measure })`).
   */
  set measure(m: Measure) {
    const p = this.current?.payload;
    const allowed: readonly string[] =
      p?.kind === "instance"
        ? isAlignedJSON(p.instance)
          ? BYTE_MEASURES
          : MEASURES
        : p?.kind === "corpus"
          ? CORPUS_MEASURES.filter((c) => Object.keys(p.corpus.values).some((col) => col.startsWith(`${c}_`)))
          : CORPUS_MEASURES;
    if (!allowed.includes(m))
      throw new LmdiffError(`invalid measure ${JSON.stringify(m)} for this view (expected one of ${allowed.join(", ")})`, "bad-option");
    this.shownMeasure = m;
    if (this.opened) void this.send({ measure: m });
  }

  /** What the reader last selected on screen (NotebookView.selection of the view shown now). */
  get selection(): ViewSelection | null {
    return this.current?.selection ?? null;
  }

  /** Call `cb` with every selection made on screen, whichever view the widget shows then. */
  onSelect(cb: (s: ViewSelection) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  private forward(view: NotebookView): void {
    this.unforward();
    this.unforward = view.onSelect((s) => {
      for (const cb of this.listeners) {
        try {
          cb(s);
        } catch (e) {
          // One failing callback must not stop the others.
          console.error(`lmdiff: an onSelect callback threw: ${(e as Error)?.message ?? e}`);
        }
      }
    });
  }

  /**
   * Progress of the work whose result this widget will show, as compare's
   * and analyze's onProgress give it; sent at most four times a second (and
   * always when done), so a fast loop does not flood the page.
   */
  readonly progress = (p: { docs: number; totalDocs: number; phase?: string; model?: number }): void => {
    const label = this.status?.label ?? "";
    this.status = { done: p.docs, total: p.totalDocs, label };
    const now = Date.now();
    if (!this.opened || (now - this.lastProgress < 250 && p.docs < p.totalDocs)) return;
    this.lastProgress = now;
    void this.send({ progress: this.status });
  };

  /** Show other data in the same place on screen (its measure becomes the widget's; selections now name it). */
  async replace(view: NotebookView): Promise<void> {
    this.current = view;
    this.shownMeasure = view.payload.measure;
    this.status = null;
    this.forward(view);
    if (this.opened)
      await this.send({ measure: this.shownMeasure, id: view.id, progress: null, payload: null }, [gzipViewPayload(view.payload)]);
  }

  /** Open the comm and display the widget.  Deno only: tslab has no comms (use view.show() there). */
  async show(): Promise<void> {
    const deno = denoJupyter();
    if (!deno?.broadcast)
      throw new LmdiffError(
        "widgets need Deno's Jupyter kernel (tslab has no comms); show the view with .show() instead, which JupyterLab's lmdiff extension renders live",
        "bad-option",
      );
    if (!this.opened) {
      const state = {
        ...WIDGET_CLASS_STATE,
        measure: this.shownMeasure,
        id: this.current?.id ?? null,
        progress: this.status,
        payload: null,
      };
      const buffers = this.current ? [gzipViewPayload(this.current.payload)] : [];
      await deno.broadcast(
        "comm_open",
        { comm_id: this.id, target_name: WIDGET_TARGET, data: { state, buffer_paths: buffers.length ? [["payload"]] : [] } },
        { metadata: { version: WIDGET_PROTOCOL_VERSION }, buffers },
      );
      this.opened = true;
    }
    const widgetView = { [WIDGET_VIEW_MIME]: { model_id: this.id, version_major: 2, version_minor: 1 } };
    // A pending widget has no picture yet: where the widget manager is missing, a line says what it is.
    const rest = this.current ? this.current.toMimeBundle() : { "text/plain": `lmdiff: ${this.status?.label ?? ""} (in progress)` };
    // Through Deno's display, waiting briefly after it as every Deno output does (displayBundle.ts says why).
    await displayBundle({ ...widgetView, ...rest });
  }

  /** An "update" of some properties; `buffers` fill the state's null `payload`. */
  private async send(state: Record<string, unknown>, buffers: Uint8Array[] = []): Promise<void> {
    const deno = denoJupyter();
    if (!deno?.broadcast) return;
    await deno.broadcast(
      "comm_msg",
      { comm_id: this.id, data: { method: "update", state, buffer_paths: buffers.length ? [["payload"]] : [] } },
      { metadata: { version: WIDGET_PROTOCOL_VERSION }, buffers },
    );
  }
}
