import { DOMWidgetModel, type ISerializers } from "@jupyter-widgets/base";
import { WIDGET_MODEL, WIDGET_MODULE, WIDGET_MODULE_VERSION, WIDGET_VIEW } from "../notebook/widgetProtocol.js";

/**
 * The widget model of an lmdiff view opened from a kernel over comms
 * (src/notebook/ViewWidget.ts).  Its state: `payload`, the view's data as
 * gzipped JSON in one binary buffer (no base64 on the wire), `measure`,
 * which the kernel may change on a view already on screen, and `id`, the
 * kernel object that hears the reader's selections.
 */
export class LmdiffViewModel extends DOMWidgetModel {
  static override serializers: ISerializers = {
    ...DOMWidgetModel.serializers,
    // Binary buffers arrive as DataViews; keep them as they are.
    payload: { deserialize: (v: unknown) => v },
  };

  override defaults() {
    return {
      ...super.defaults(),
      _model_name: WIDGET_MODEL,
      _model_module: WIDGET_MODULE,
      _model_module_version: WIDGET_MODULE_VERSION,
      _view_name: WIDGET_VIEW,
      _view_module: WIDGET_MODULE,
      _view_module_version: WIDGET_MODULE_VERSION,
      payload: null,
      measure: null,
      id: null,
    };
  }
}
