import { LmdiffError } from "../core/LmdiffError.js";
import { CORPUS_MEASURES, MEASURE_INFO, type Measure } from "../core/measures.js";
import type { NotebookView } from "./NotebookView.js";
import { gzipViewPayload } from "./viewHtml.js";
import type { ViewSelection } from "./ViewSelection.js";
import {
  WIDGET_MODEL,
  WIDGET_MODULE,
  WIDGET_MODULE_VERSION,
  WIDGET_PROTOCOL_VERSION,
  WIDGET_TARGET,
  WIDGET_VIEW,
  WIDGET_VIEW_MIME,
} from "./widgetProtocol.js";

type Broadcast = (
  msgType: string,
  content: Record<string, unknown>,
  extra?: { metadata?: Record<string, unknown>; buffers?: Uint8Array[] },
) => Promise<void>;

interface DenoJupyter {
  broadcast?: Broadcast;
  display(bundle: object, options: { raw: true }): Promise<void> | void;
}

/** Deno's kernel API, when this code runs in `deno jupyter`, else null. */
function denoJupyter(): DenoJupyter | null {
  try {
    const j = (globalThis as { Deno?: { jupyter?: DenoJupyter } }).Deno?.jupyter;
    return j && typeof j.broadcast === "function" ? j : null;
  } catch {
    return null;
  }
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
  private current: NotebookView;
  private shownMeasure: Measure;
  /** The first view: the page's selections name its id (the comm's), whatever data is shown later. */
  private readonly origin: NotebookView;

  constructor(view: NotebookView) {
    this.origin = this.current = view;
    this.shownMeasure = view.payload.measure;
  }

  /** The comm's id. */
  get id(): string {
    return this.origin.id;
  }

  /** The view whose data the widget shows now. */
  get view(): NotebookView {
    return this.current;
  }

  get measure(): Measure {
    return this.shownMeasure;
  }

  /** Re-colour the view on screen by another measure (a corpus view: a corpus measure). */
  set measure(m: Measure) {
    const allowed: readonly string[] = this.view.payload.kind === "corpus" ? CORPUS_MEASURES : Object.keys(MEASURE_INFO);
    if (!allowed.includes(m))
      throw new LmdiffError(`invalid measure ${JSON.stringify(m)} (expected one of ${allowed.join(", ")})`, "bad-option");
    this.shownMeasure = m;
    if (this.opened) void this.send({ measure: m });
  }

  /** What the reader last selected on screen (NotebookView.selection). */
  get selection(): ViewSelection | null {
    return this.origin.selection;
  }

  onSelect(cb: (s: ViewSelection) => void): () => void {
    return this.origin.onSelect(cb);
  }

  /** Show other data in the same place on screen (its measure becomes the widget's). */
  async replace(view: NotebookView): Promise<void> {
    this.current = view;
    this.shownMeasure = view.payload.measure;
    if (this.opened) await this.send({ measure: this.shownMeasure, payload: null }, [gzipViewPayload(view.payload)]);
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
        _model_name: WIDGET_MODEL,
        _model_module: WIDGET_MODULE,
        _model_module_version: WIDGET_MODULE_VERSION,
        _view_name: WIDGET_VIEW,
        _view_module: WIDGET_MODULE,
        _view_module_version: WIDGET_MODULE_VERSION,
        measure: this.shownMeasure,
        id: this.id,
        payload: null,
      };
      await deno.broadcast(
        "comm_open",
        { comm_id: this.id, target_name: WIDGET_TARGET, data: { state, buffer_paths: [["payload"]] } },
        { metadata: { version: WIDGET_PROTOCOL_VERSION }, buffers: [gzipViewPayload(this.view.payload)] },
      );
      this.opened = true;
    }
    await deno.display(
      { [WIDGET_VIEW_MIME]: { model_id: this.id, version_major: 2, version_minor: 1 }, ...this.view.toMimeBundle() },
      { raw: true },
    );
    // Deno can report the cell idle before a large output has left (displayBundle.ts).
    await new Promise((r) => setTimeout(r, 100));
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
