import { OUTPUT_VERSION } from "./viewElementSource.js";

/**
 * Which output carries the widgets bundle (about 140 KB of script): the
 * first lmdiff output of a kernel session, and no other.  It defines the
 * elements on the page's window; later outputs carry a small loader and
 * are upgraded by that definition, so a notebook pays for the bundle once
 * rather than once per view (issue #12: light notebooks).  This keeps:
 *
 *  - nbconvert's HTML export live: all outputs are on one page, the first
 *    defines the element for all of them;
 *  - the classic Notebook live when trusted: outputs render in order (the
 *    first defines it), and outputs added later in the session find it;
 *  - the pictures where scripts do not run (untrusted, GitHub): every
 *    output has its own.
 *
 * What it gives up: a saved notebook whose first view was cleared or run
 * again (that output then has no bundle) shows pictures only, with a line
 * saying so, until it is run from the top.  A kernel is one process (tslab
 * and Deno alike), so the state is the process's; it lives on globalThis,
 * keyed by the output version, so that two copies of this module in one
 * kernel (an ES module and a CommonJS build) still send it once.
 */
const SENT = Symbol.for(`lmdiff.widgetsSent.v${OUTPUT_VERSION}`);

type SessionGlobal = { [SENT]?: boolean };

/** True the first time in this process (kernel session), false afterwards. */
export function takeWidgetsBundle(): boolean {
  const g = globalThis as SessionGlobal;
  if (g[SENT]) return false;
  g[SENT] = true;
  return true;
}

/** Forget that the bundle was sent, so that the next output carries it again (for tests). */
export function resetWidgetsSession(): void {
  delete (globalThis as SessionGlobal)[SENT];
}
