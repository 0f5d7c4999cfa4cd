import { bridgeCode, requestCode } from "../notebook/bridgeCode.js";
import type { ViewSelection } from "../notebook/ViewSelection.js";
import { VIEW_REPLY_MIME, type ViewReply } from "../notebook/viewMime.js";
import type { AlignedData } from "../core/AlignedData.js";
import { instanceOrAlignedFromJSON, type AlignedJSON } from "../core/alignedJson.js";
import type { InstanceData } from "../core/InstanceData.js";
import type { InstanceJSON } from "../core/instanceJson.js";
import { gunzipJson } from "../core/gunzipJson.js";

/** An iopub message as the bridge reads it. */
interface IopubMessage {
  header: { msg_type: string };
  content: { data?: Record<string, unknown> };
}

/** The one method of a kernel connection the bridge uses (@jupyterlab/services' IKernelConnection). */
export interface ExecutingKernel {
  requestExecute(
    content: { code: string; silent: boolean; store_history: boolean; allow_stdin: boolean; stop_on_error: boolean },
    disposeOnDone?: boolean,
  ): {
    done: Promise<unknown>;
    onIOPub: (msg: IopubMessage) => void;
    dispose(): void;
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

/** The loader of a view's texts from its kernel object `id`, or undefined for a view made without one. */
export function kernelLoader(node: HTMLElement, id: unknown): ((index: number) => Promise<InstanceData | AlignedData>) | undefined {
  if (typeof id !== "string") return undefined;
  return async (index) => instanceOrAlignedFromJSON(await requestInstance(node, id, index));
}

let requests = 0;

/** How long an answer may come after the kernel reported its request done. */
const LATE_ANSWER_MS = 3000;

/**
 * Ask the kernel object `id` for the token data of text `index` (lazy data:
 * a corpus view embeds only its first texts).  The request runs as a
 * normal, history-less execute request, and the kernel displays its answer
 * during it (viewBridge.ts); that output reaches only this request's
 * handler, never a cell.  Rejects with a message a reader can act on.  The
 * answer is an AlignedJSON for a text read by two tokenizers.
 */
export async function requestInstance(node: HTMLElement, id: string, index: number): Promise<InstanceJSON | AlignedJSON> {
  const kernel = findKernel?.(node) ?? null;
  if (!kernel) throw new Error("no kernel is running for this notebook; run the cell again to load other texts");
  const request = `r${++requests}-${Date.now()}`;
  let answered: (r: ViewReply) => void = () => {};
  const answer = new Promise<ViewReply>((r) => (answered = r));
  // Kept past its end: Deno's kernel can send the answer after it reports the request done.
  const future = kernel.requestExecute(
    { code: requestCode(id, request, index), silent: false, store_history: false, allow_stdin: false, stop_on_error: false },
    false,
  );
  future.onIOPub = (msg) => {
    const t = msg.header.msg_type;
    if (t !== "display_data" && t !== "execute_result") return;
    const r = msg.content.data?.[VIEW_REPLY_MIME] as ViewReply | undefined;
    if (r && r.request === request) answered(r);
  };
  const late = future.done.then(() => new Promise<null>((r) => setTimeout(() => r(null), LATE_ANSWER_MS)));
  const reply = await Promise.race([answer, late]).finally(() => future.dispose());
  if (!reply) throw new Error("the kernel did not answer (is it the kernel that made this view? run its cell again)");
  if (!reply.ok) throw new Error(reply.error);
  return (await gunzipJson(reply.gzip)) as InstanceJSON | AlignedJSON;
}
