import { isAligned, type AlignedData } from "../core/AlignedData.js";
import { alignedToJSON } from "../core/alignedJson.js";
import { alignedSummary } from "../core/alignedSummary.js";
import type { InstanceData } from "../core/InstanceData.js";
import { instanceToJSON } from "../core/instanceJson.js";
import { instanceSummary } from "../core/instanceSummary.js";
import { NotebookView } from "./NotebookView.js";
import { instanceViewOptions, type InstanceViewOptions } from "./viewOptions.js";
import { alignedPicture, instancePicture } from "./viewPicture.js";

/**
 * The notebook view of one text: the instance view live, the composite
 * figure static.  A text read by two tokenizers (AlignedData) travels as
 * AlignedJSON and is shown by <lmdiff-aligned-view> and the aligned figure.
 */
export function instanceView(data: InstanceData | AlignedData, options: InstanceViewOptions = {}): NotebookView {
  const o = instanceViewOptions(options, data);
  if (isAligned(data))
    return new NotebookView(
      { v: 1, kind: "instance", measure: o.measure, instance: alignedToJSON(data) },
      alignedPicture(data, o),
      alignedSummary(data, o.measure),
    );
  return new NotebookView(
    { v: 1, kind: "instance", measure: o.measure, instance: instanceToJSON(data) },
    instancePicture(data, o),
    instanceSummary(data, o.measure),
  );
}
