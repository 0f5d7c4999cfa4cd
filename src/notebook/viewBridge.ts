import { gzipSync } from "node:zlib";
import { bytesToBase64 } from "../core/base64.js";
import type { AlignedJSON } from "../core/alignedJson.js";
import type { InstanceJSON } from "../core/instanceJson.js";
import { displayBundle } from "./displayBundle.js";
import { VIEW_REPLY_MIME, type ViewReply } from "./viewMime.js";
import { BRIDGE_KEY } from "./bridgeCode.js";
import { parseViewSelection, type ViewSelection } from "./ViewSelection.js";

/**
 * View ↔ kernel.  Neither notebook kernel lmdiff supports can receive
 * from the page: tslab has no comms at all, and Deno's kernel drops comm
 * messages from the browser.  So lmdiff's JupyterLab plugin talks to the
 * kernel over the one channel every kernel has, an execute request whose
 * code is one call into this bridge:
 *
 *   (globalThis as any)[Symbol.for("lmdiff.bridge.v1")]?.deliver(ID, JSON)
 *   void (globalThis as any)[Symbol.for("lmdiff.bridge.v1")]?.request(ID, JSON)
 *
 * which both kernels compile (it is TypeScript and JavaScript alike).  ID
 * names the view (NotebookView.id, also in its output); JSON is a string
 * literal (JSON.stringify twice), so page data can never become code.
 *
 *  - deliver: a selection (silent request: no output, no history); a
 *    kernel runs requests in order with the reader's cells, so a cell run
 *    after a click sees it.
 *  - request: the token data of a text the view did not embed (lazy data).
 *    The answer is displayed as a VIEW_REPLY_MIME bundle during that
 *    request, so it reaches only the plugin that asked (a front end shows
 *    the outputs of its own requests only).
 *
 * The bridge lives on globalThis under a versioned symbol, so that two
 * copies of lmdiff in one kernel (its ES and CommonJS builds) share one
 * registry.  Views are held weakly, and the most recent ones strongly: a
 * view shown without being kept in a variable (`results.view().show()`)
 * still answers for its texts while it is among the last RECENT shown.
 */

/** How many of the latest views the kernel keeps alive for the page. */
const RECENT = 16;

/** What the bridge calls on a view. */
export interface BridgedView {
  receiveSelection(s: ViewSelection): void;
  /** The token data of the text with this corpus index; throws when the view has none to give. */
  instanceJson(index: number): InstanceJSON | AlignedJSON;
}

interface Bridge {
  views: Map<string, WeakRef<BridgedView>>;
  recent: BridgedView[];
  deliver(id: string, json: string): boolean;
  request(id: string, json: string): Promise<void> | undefined;
}

function lookup(b: Bridge, id: string): BridgedView | undefined {
  const view = b.views.get(id)?.deref();
  if (!view) b.views.delete(id);
  return view;
}

function bridge(): Bridge {
  const g = globalThis as { [k: symbol]: Bridge | undefined };
  const key = Symbol.for(BRIDGE_KEY);
  let b = g[key];
  if (!b) {
    const self: Bridge = {
      views: new Map(),
      recent: [],
      // Returns whether a view took it; a view the kernel no longer holds
      // (not kept in a variable, collected) has nowhere to put it.
      deliver(id, json) {
        const view = lookup(self, id);
        if (!view) return false;
        let s: ViewSelection;
        try {
          s = parseViewSelection(json);
        } catch (e) {
          console.error(`lmdiff: ignored a malformed selection from the page: ${(e as Error).message}`);
          return false;
        }
        view.receiveSelection(s);
        return true;
      },
      // Synchronous up to the display (tslab's writer is), so that tslab,
      // whose cells cannot always await at top level, sends the answer
      // during the request; Deno's display is asynchronous and the page
      // waits a moment past the request's end for it (kernelBridge.ts).
      request(id, json) {
        let reply: ViewReply;
        let request = "";
        try {
          const r = JSON.parse(json) as { request?: unknown; index?: unknown } | null;
          if (!r || typeof r !== "object" || typeof r.request !== "string") throw new Error("the request has no id");
          request = r.request;
          if (!Number.isSafeInteger(r.index) || (r.index as number) < 0) throw new Error("the request names no text");
          const view = lookup(self, id);
          if (!view) throw new Error("the kernel no longer holds this view; run its cell again");
          const data = view.instanceJson(r.index as number);
          reply = { request, ok: true, gzip: bytesToBase64(gzipSync(JSON.stringify(data))) };
        } catch (e) {
          reply = { request, ok: false, error: String((e as Error | undefined)?.message ?? e) };
        }
        return displayBundle({ [VIEW_REPLY_MIME]: reply, "text/plain": "" });
      },
    };
    b = g[key] = self;
  }
  return b;
}

/** Make `view` reachable from the page under `id`. */
export function registerView(id: string, view: BridgedView): void {
  const b = bridge();
  // Drop entries of views already collected, so the map does not grow with every output.
  for (const [k, ref] of b.views) if (!ref.deref()) b.views.delete(k);
  b.views.set(id, new WeakRef(view));
  b.recent.push(view);
  if (b.recent.length > RECENT) b.recent.shift();
}

/** Deliver a selection as the page's silent request does (for tests and other front ends). */
export function deliverSelection(id: string, json: string): boolean {
  return bridge().deliver(id, json);
}

/** Answer a request for a text's token data as the page's request does (for tests and other front ends). */
export function answerRequest(id: string, json: string): Promise<void> | undefined {
  return bridge().request(id, json);
}
