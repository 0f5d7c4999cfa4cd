import type { JupyterFrontEnd, JupyterFrontEndPlugin } from "@jupyterlab/application";
import { setKernelFinder, type ExecutingKernel } from "./kernelBridge.js";
import { widgetsPlugin } from "./widgetsPlugin.js";

interface WithSession {
  node: HTMLElement;
  sessionContext?: { session?: { kernel?: ExecutingKernel | null } | null };
}

/**
 * The JupyterLab plugin (package.json's jupyterlab.extension of the built
 * extension): gives the MIME renderer a way to the kernel of the notebook
 * a view sits in, so that selections made in the view become kernel values
 * (kernelBridge.ts, src/notebook/viewBridge.ts).  A notebook panel is found
 * by the DOM node it contains, among the main area's widgets; its session
 * context is read structurally, so no notebook package is bundled.
 */
const bridgePlugin: JupyterFrontEndPlugin<void> = {
  id: "lmdiff:kernel-bridge",
  description: "Selections in lmdiff views become values in the notebook's kernel.",
  autoStart: true,
  activate: (app: JupyterFrontEnd) => {
    setKernelFinder((node) => {
      for (const w of app.shell.widgets("main")) {
        const panel = w as unknown as WithSession;
        if (panel.node.contains(node)) return panel.sessionContext?.session?.kernel ?? null;
      }
      return null;
    });
  },
};

export default [bridgePlugin, widgetsPlugin];
