import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { rendererFactory } from "./LmdiffViewRenderer.js";

/**
 * The JupyterLab MIME extension (package.json's jupyterlab.mimeExtension
 * of the built extension, scripts/build-labextension.cjs): lmdiff views
 * render live in notebooks, trusted or not.
 */
const extension: IRenderMime.IExtension = {
  id: "lmdiff:view-renderer",
  description: "Live lmdiff views (application/vnd.lmdiff.view+json) in notebook outputs.",
  rendererFactory,
  rank: 10,
  dataType: "json",
};

export default extension;
