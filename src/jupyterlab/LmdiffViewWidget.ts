import { DOMWidgetView } from "@jupyter-widgets/base";
import type { ViewPayload } from "../notebook/ViewPayload.js";
import { gunzipBytesJson } from "../core/gunzipBytesJson.js";
import { mountLiveView, showViewError } from "./mountLiveView.js";

/**
 * The widget view of an lmdiff view opened over comms: the same live
 * elements as the MIME renderer, re-mounted when the kernel sends new data
 * and re-coloured in place when it sets `measure`.
 */
export class LmdiffViewWidget extends DOMWidgetView {
  private shown: HTMLElement | null = null;
  private untrack: (() => void) | null = null;

  override render(): void {
    this.el.classList.add("lmdiff-jupyterlab-view", "lmdiff-widget");
    if (this.model.get("payload")) void this.mount();
    else this.showProgress();
    this.listenTo(this.model, "change:payload", () => void this.mount());
    this.listenTo(this.model, "change:progress", () => this.showProgress());
    this.listenTo(this.model, "change:measure", () => this.applyMeasure());
  }

  private async mount(): Promise<void> {
    try {
      const buffer = this.model.get("payload") as DataView | null;
      if (!buffer) throw new Error("the widget has no payload");
      const payload = (await gunzipBytesJson(buffer)) as ViewPayload;
      this.untrack?.();
      const live = mountLiveView(this.el, payload, this.model.get("id"));
      this.shown = live.element;
      this.untrack = live.untrack;
      this.applyMeasure();
    } catch (e) {
      showViewError(this.el, e);
    }
  }

  /** A pending widget's progress bar (ViewWidget.pending): the kernel moves it until the view replaces it. */
  private showProgress(): void {
    const p = this.model.get("progress") as { done: number; total: number; label: string } | null;
    if (!p || this.model.get("payload")) return;
    let bar = this.el.querySelector<HTMLElement>(":scope > .lmdiff-progress");
    if (!bar) {
      bar = document.createElement("div");
      bar.className = "lmdiff-progress";
      bar.style.cssText = "display:flex;gap:8px;align-items:center;font-size:13px;padding:4px 0";
      bar.append(document.createElement("progress"), document.createElement("span"));
      this.el.replaceChildren(bar);
    }
    const progress = bar.querySelector("progress")!;
    if (p.total > 0) {
      progress.max = p.total;
      progress.value = p.done;
    } else progress.removeAttribute("value");
    bar.querySelector("span")!.textContent = `${p.label ? `${p.label}: ` : ""}${p.done} of ${p.total || "?"} texts analysed`;
  }

  private applyMeasure(): void {
    const m = this.model.get("measure") as string | null;
    if (m && this.shown) (this.shown as HTMLElement & { measure: string }).measure = m;
  }

  override remove(): this {
    this.untrack?.();
    super.remove();
    return this;
  }
}
