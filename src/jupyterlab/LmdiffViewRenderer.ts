import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { Widget } from "@lumino/widgets";
import { VIEW_MIME, type ViewMimeData } from "../notebook/viewMime.js";
import { mountLiveView, showViewError } from "./mountLiveView.js";
import { picturePng } from "./picturePng.js";
import { readViewPayload, textEntry } from "./readViewPayload.js";

/**
 * JupyterLab's renderer of an lmdiff output: the live Lit view, from data
 * only (no script of the output runs, so it is safe in untrusted
 * notebooks).  Once the view is up it writes a PNG of the output's picture
 * into the output, as Vega and Plotly do, so that the saved notebook shows
 * a picture on GitHub and nbviewer.
 */
export class LmdiffViewRenderer extends Widget implements IRenderMime.IRenderer {
  /** What is mounted now: writing the PNG makes JupyterLab render the same output again, which must not reset the view. */
  private shown: string | null = null;
  private untrack: (() => void) | null = null;

  constructor() {
    super();
    this.addClass("lmdiff-jupyterlab-view");
  }

  override dispose(): void {
    this.untrack?.();
    super.dispose();
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    const data = model.data as Record<string, unknown>;
    const key = JSON.stringify(data[VIEW_MIME]) + (textEntry(data, "text/html")?.length ?? 0);
    if (key !== this.shown) {
      try {
        const payload = await readViewPayload(data);
        this.untrack?.();
        // The kernel that made the view hears what the reader selects in it.
        this.untrack = mountLiveView(this.node, payload, (data[VIEW_MIME] as ViewMimeData).id).untrack;
        this.shown = key;
      } catch (e) {
        showViewError(this.node, e);
        return;
      }
    }
    if (data["image/png"] !== undefined) return;
    try {
      const png = await picturePng(data);
      if (png)
        model.setData({
          data: { ...model.data, "image/png": png.base64 },
          metadata: { ...model.metadata, "image/png": { width: png.width, height: png.height } },
        });
    } catch (e) {
      // The live view is up; only the picture for static viewers is missing.
      console.warn(`lmdiff: no PNG written into the output: ${(e as Error).message ?? e}`);
    }
  }
}

/** The factory JupyterLab asks for renderers of lmdiff's MIME type. */
export const rendererFactory: IRenderMime.IRendererFactory = {
  safe: true,
  mimeTypes: [VIEW_MIME],
  // Ahead of text/html (50): where this renderer exists it shows the view.
  defaultRank: 10,
  createRenderer: () => new LmdiffViewRenderer(),
};
