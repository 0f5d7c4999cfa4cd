import type { JupyterFrontEnd, JupyterFrontEndPlugin } from "@jupyterlab/application";
import { IJupyterWidgetRegistry } from "@jupyter-widgets/base";
import { WIDGET_MODULE, WIDGET_MODULE_VERSION } from "../notebook/widgetProtocol.js";
import { LmdiffViewModel } from "./LmdiffViewModel.js";
import { LmdiffViewWidget } from "./LmdiffViewWidget.js";

/**
 * Registers lmdiff's widget model and view with JupyterLab's widget
 * manager (jupyterlab_widgets, which ipywidgets installs), so that a kernel
 * can open a view over comms and update it.  Optional: without the widget
 * manager, the MIME renderer still shows every view.
 */
export const widgetsPlugin: JupyterFrontEndPlugin<void> = {
  id: "lmdiff:widgets",
  description: "lmdiff views as Jupyter widgets that the kernel can update.",
  autoStart: true,
  optional: [IJupyterWidgetRegistry],
  activate: (_app: JupyterFrontEnd, registry: IJupyterWidgetRegistry | null) => {
    registry?.registerWidget({
      name: WIDGET_MODULE,
      version: WIDGET_MODULE_VERSION,
      exports: { LmdiffViewModel, LmdiffViewWidget },
    });
  },
};
