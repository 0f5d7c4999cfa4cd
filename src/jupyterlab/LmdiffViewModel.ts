import { DOMWidgetModel, type ISerializers } from "@jupyter-widgets/base";
import { WIDGET_CLASS_STATE } from "../notebook/widgetProtocol.js";

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
      ...WIDGET_CLASS_STATE,
      payload: null,
      measure: null,
      id: null,
    };
  }
}
