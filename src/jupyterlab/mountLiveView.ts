import type { ViewPayload } from "../notebook/ViewPayload.js";
import { kernelLoader, sendSelection } from "./kernelBridge.js";
import { mountView } from "./mountView.js";
import { trackSelection } from "./trackSelection.js";

/** A live view on the page and how to stop following it. */
export interface LiveView {
  element: HTMLElement;
  /** Stop sending the reader's selections to the kernel. */
  untrack: () => void;
}

/**
 * Mount a payload's live view in `host`, connected to its kernel object
 * `id` when it has one (texts that were not embedded load from it, and the
 * reader's selections go to it; kernelBridge.ts).  Shared by the MIME
 * renderer and the widget view.
 */
export function mountLiveView(host: HTMLElement, payload: ViewPayload, id: unknown): LiveView {
  const element = mountView(host, payload, kernelLoader(host, id));
  if (typeof id !== "string") return { element, untrack: () => {} };
  const open = payload.kind === "instance" ? payload.instance.index : payload.selected;
  return { element, untrack: trackSelection(host, open ?? null, (s) => sendSelection(host, id, s)) };
}

/** Put one line saying why the view could not be shown in its place. */
export function showViewError(host: HTMLElement, e: unknown): void {
  const p = document.createElement("p");
  p.className = "lmdiff-error";
  p.textContent = `[lmdiff] the view could not be shown: ${(e as Error | undefined)?.message ?? String(e)}`;
  host.replaceChildren(p);
}
