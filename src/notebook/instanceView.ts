import type { InstanceData } from "../core/InstanceData.js";
import { instanceToJSON } from "../core/instanceJson.js";
import { instanceSummary } from "../core/instanceSummary.js";
import { NotebookView } from "./NotebookView.js";
import { instanceViewOptions, type InstanceViewOptions } from "./viewOptions.js";
import { instancePicture } from "./viewPicture.js";

/** The notebook view of one text: the instance view live, the composite figure static. */
export function instanceView(data: InstanceData, options: InstanceViewOptions = {}): NotebookView {
  const o = instanceViewOptions(options, data);
  return new NotebookView(
    { v: 1, kind: "instance", measure: o.measure, instance: instanceToJSON(data) },
    instancePicture(data, o),
    instanceSummary(data, o.measure),
  );
}
