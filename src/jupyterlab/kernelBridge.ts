import { bridgeCode } from "../notebook/viewBridge.js";
import type { ViewSelection } from "../notebook/ViewSelection.js";

/** The one method of a kernel connection the bridge uses (@jupyterlab/services' IKernelConnection). */
export interface ExecutingKernel {
  requestExecute(content: { code: string; silent: boolean; store_history: boolean; allow_stdin: boolean; stop_on_error: boolean }): {
    done: Promise<unknown>;
  };
}

/** Finds the kernel of the notebook that holds a DOM node; set by the JupyterLab plugin (plugin.ts). */
let findKernel: ((node: HTMLElement) => ExecutingKernel | null) | null = null;

export function setKernelFinder(f: (node: HTMLElement) => ExecutingKernel | null): void {
  findKernel = f;
}

/**
 * Hand a selection made in the view at `node` to the kernel object `id`,
 * through a silent execute request (src/notebook/viewBridge.ts explains the
 * design).  Returns false where there is no kernel to tell (the notebook
 * has none running, or the plugin is not loaded): the view keeps working,
 * only the kernel does not learn of it.
 */
export function sendSelection(node: HTMLElement, id: string, selection: ViewSelection): boolean {
  const kernel = findKernel?.(node) ?? null;
  if (!kernel) return false;
  const code = bridgeCode(id, selection);
  kernel
    .requestExecute({ code, silent: true, store_history: false, allow_stdin: false, stop_on_error: false })
    .done.catch((e: unknown) => console.warn(`lmdiff: the kernel did not take the selection: ${(e as Error).message ?? e}`));
  return true;
}
