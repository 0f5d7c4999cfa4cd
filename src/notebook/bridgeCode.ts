import type { ViewSelection } from "./ViewSelection.js";

/**
 * The code the JupyterLab plugin sends to a kernel to reach lmdiff's bridge
 * there (viewBridge.ts explains the design).  Kept apart from the bridge,
 * which needs Node, because the page builds these strings.
 */
export const BRIDGE_KEY = "lmdiff.bridge.v1";

function checkedId(id: string): string {
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error(`lmdiff: not a view id: ${JSON.stringify(id)}`);
  return JSON.stringify(id);
}

const CALL = `(globalThis as any)[Symbol.for(${JSON.stringify(BRIDGE_KEY)})]`;

/** The code of the silent request that hands `selection` to view `id`; the JupyterLab plugin sends it. */
export function bridgeCode(id: string, selection: ViewSelection): string {
  return `${CALL}?.deliver(${checkedId(id)}, ${JSON.stringify(JSON.stringify(selection))});`;
}

/** The code of the request for the token data of text `index` of view `id`; `request` names the answer. */
export function requestCode(id: string, request: string, index: number): string {
  // No await: tslab compiles a top-level await in a one-line cell into a
  // syntax error.  The kernel answers synchronously where it can.
  return `void ${CALL}?.request(${checkedId(id)}, ${JSON.stringify(JSON.stringify({ request, index }))});`;
}
