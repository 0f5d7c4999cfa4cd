import type { InstanceComparison } from "../engine/InstanceComparison.js";
import { NotebookView } from "./NotebookView.js";
import { instanceViewOptions, type InstanceViewOptions } from "./viewOptions.js";
import { instancePicture } from "./viewPicture.js";

/** The notebook view of one text: the instance view live, the composite figure static. */
export function instanceView(cmp: InstanceComparison, options: InstanceViewOptions = {}): NotebookView {
  const o = instanceViewOptions(options);
  return new NotebookView(
    { v: 1, kind: "instance", measure: o.measure, instance: cmp.toJSON() },
    instancePicture(cmp.data, o),
    cmp.summary(o.measure),
  );
}
