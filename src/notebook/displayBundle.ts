/** A MIME bundle's data: MIME type → content (text, or a JSON value for +json types). */
export interface MimeBundle {
  "text/plain": string;
  "text/html"?: string;
  [mime: string]: string | object | undefined;
}

type WriteDisplayData = (
  msg: { data: MimeBundle; metadata: Record<string, unknown>; transient: Record<string, unknown> },
  update: boolean,
) => void;

interface TslabGlobal {
  require?: (id: string) => unknown;
}

/** The part of Deno's `Deno.jupyter` lmdiff uses: display, and broadcast for comms (ViewWidget). */
export interface DenoJupyter {
  display(bundle: MimeBundle, options: { raw: true }): Promise<void> | void;
  broadcast?: (
    msgType: string,
    content: Record<string, unknown>,
    extra?: { metadata?: Record<string, unknown>; buffers?: Uint8Array[] },
  ) => Promise<void>;
}

/**
 * The display writer of the RUNNING tslab kernel (checked against tslab
 * 1.0.22, which test/notebook pins): its internal dist/jupyter.js module
 * keeps the current cell's writer in `lastWriteDisplayData`, which takes a
 * whole bundle.  It is looked up in require.cache rather than required,
 * because a require("tslab") from this package may load a second copy whose
 * writer is never set ("Not ready").
 */
function tslabWriter(): WriteDisplayData | null {
  const cache = typeof require === "function" ? require.cache : undefined;
  if (!cache) return null;
  for (const [file, mod] of Object.entries(cache)) {
    if (!/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(file)) continue;
    const w = (mod?.exports as { lastWriteDisplayData?: unknown } | undefined)?.lastWriteDisplayData;
    if (typeof w === "function") return w as WriteDisplayData;
  }
  return null;
}

/**
 * tslab's public display, through the kernel's own require; it sends one
 * MIME type per call, so only the richest one goes.
 */
function tslabPublicHtml(): ((html: string) => void) | null {
  const t = (globalThis as { __tslab__?: TslabGlobal }).__tslab__;
  if (!t?.require) return null;
  try {
    const mod = t.require("tslab") as { display?: { html?: (s: string) => void } };
    return typeof mod.display?.html === "function" ? (s) => mod.display!.html!(s) : null;
  } catch {
    return null;
  }
}

/** Where displayBundle sent a bundle. */
export type DisplayTarget = "tslab" | "deno" | "console";

/** Deno's display API, when this code runs in `deno jupyter`. */
export function denoJupyter(): DenoJupyter | null {
  const deno = (globalThis as { Deno?: { jupyter?: DenoJupyter } }).Deno;
  if (!deno) return null;
  try {
    const j = deno.jupyter;
    return j && typeof j.display === "function" ? j : null;
  } catch {
    // Outside the kernel (deno run) the getter throws rather than returning undefined.
    return null;
  }
}

/**
 * Deno 2.9's kernel can publish a cell's "idle" status before a large
 * output it queued earlier, and Jupyter front ends drop outputs that come
 * after "idle".  Waiting briefly inside the cell, after the display
 * message is queued, lets it leave first.
 */
async function denoDisplay(deno: DenoJupyter, bundle: MimeBundle): Promise<void> {
  await deno.display(bundle, { raw: true });
  await new Promise((resolve) => setTimeout(resolve, 100));
}

/**
 * Show a bundle in whichever notebook kernel runs this code: tslab (the
 * whole bundle through the kernel's writer), Deno (Deno.jupyter.display;
 * the returned promise settles once the output has left, so a Deno cell
 * should await it), else, in a plain script, print its text/plain.
 * `onTarget` learns where it went (for tests).
 */
export function displayBundle(bundle: MimeBundle, onTarget?: (t: DisplayTarget) => void): Promise<void> | undefined {
  const deno = denoJupyter();
  if (deno) {
    onTarget?.("deno");
    return denoDisplay(deno, bundle);
  }
  if ((globalThis as { __tslab__?: unknown }).__tslab__) {
    const write = tslabWriter();
    if (write) {
      write({ data: bundle, metadata: {}, transient: {} }, false);
      onTarget?.("tslab");
      return undefined;
    }
    const html = tslabPublicHtml();
    if (html && bundle["text/html"]) {
      html(bundle["text/html"]);
      onTarget?.("tslab");
      return undefined;
    }
  }
  console.log(bundle["text/plain"] ?? "");
  onTarget?.("console");
  return undefined;
}
