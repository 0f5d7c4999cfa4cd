import { parseViewSelection, type ViewSelection } from "./ViewSelection.js";

/**
 * View → kernel.  Neither notebook kernel lmdiff supports can receive
 * from the page: tslab has no comms at all, and Deno's kernel drops comm
 * messages from the browser.  So lmdiff's JupyterLab plugin hands a
 * selection over the one channel every kernel has: a silent execute
 * request whose code is one call into this bridge,
 *
 *   (globalThis as any)[Symbol.for("lmdiff.bridge.v1")]?.deliver(ID, JSON)
 *
 * which both kernels compile (it is TypeScript and JavaScript alike).
 * Silent requests leave no output, no history and no execution count, and
 * a kernel runs them in order with the reader's cells, so a cell run after
 * a click sees it.  ID names the view (NotebookView.id, also in its output);
 * JSON is the selection, a string literal (JSON.stringify twice), so page
 * data can never become code.  The bridge lives on globalThis under a
 * versioned symbol, so that two copies of lmdiff in one kernel (its ES and
 * CommonJS builds) share one registry.
 */
export const BRIDGE_KEY = "lmdiff.bridge.v1";

/** What the bridge calls on a view. */
export interface BridgedView {
  receiveSelection(s: ViewSelection): void;
}

interface Bridge {
  views: Map<string, WeakRef<BridgedView>>;
  deliver(id: string, json: string): boolean;
}

function bridge(): Bridge {
  const g = globalThis as { [k: symbol]: Bridge | undefined };
  const key = Symbol.for(BRIDGE_KEY);
  let b = g[key];
  if (!b) {
    const views = new Map<string, WeakRef<BridgedView>>();
    b = {
      views,
      // Returns whether a view took it; a view the kernel no longer holds
      // (not kept in a variable, collected) has nowhere to put it.
      deliver(id, json) {
        const view = views.get(id)?.deref();
        if (!view) {
          views.delete(id);
          return false;
        }
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
    };
    g[key] = b;
  }
  return b;
}

/** Make `view` reachable from the page under `id`; it is held weakly, so the kernel's variables decide its life. */
export function registerView(id: string, view: BridgedView): void {
  const views = bridge().views;
  // Drop entries of views already collected, so the map does not grow with every output.
  for (const [k, ref] of views) if (!ref.deref()) views.delete(k);
  views.set(id, new WeakRef(view));
}

/** Deliver a selection as the page's silent request does (for tests and other front ends). */
export function deliverSelection(id: string, json: string): boolean {
  return bridge().deliver(id, json);
}

/** The code of the silent request that hands `selection` to view `id`; the JupyterLab plugin sends it. */
export function bridgeCode(id: string, selection: ViewSelection): string {
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error(`lmdiff: not a view id: ${JSON.stringify(id)}`);
  return `(globalThis as any)[Symbol.for(${JSON.stringify(BRIDGE_KEY)})]?.deliver(${JSON.stringify(id)}, ${JSON.stringify(JSON.stringify(selection))});`;
}
