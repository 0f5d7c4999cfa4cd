/**
 * The browser entry: importing this registers <lmdiff-instance-view>,
 * <lmdiff-aligned-view>, <lmdiff-global-view>, <lmdiff-token-card>,
 * <lmdiff-download> and <lmdiff-app> (each only once), and exposes the data
 * decoders so a page can feed them.
 *
 * `instanceFromJSON` here decodes either JSON form of one text, as the
 * server's instance routes and the notebook payloads send it: an
 * InstanceJSON (one tokenizer) gives InstanceData, an AlignedJSON (two
 * tokenizers, `aligned: true`) gives AlignedData; `<lmdiff-app>` shows
 * either.  The strict decoders of each form are there as well.
 */
export { LmdiffInstanceView } from "./LmdiffInstanceView.js";
export { LmdiffAlignedView } from "./LmdiffAlignedView.js";
export { LmdiffGlobalView } from "./LmdiffGlobalView.js";
export { LmdiffTokenCard } from "./LmdiffTokenCard.js";
export { LmdiffApp, type AppInstance, type InstanceCache } from "./LmdiffApp.js";
export { LmdiffDownload, type DownloadChoice } from "./LmdiffDownload.js";
export {
  MeasureChangeEvent,
  TokenHoverEvent,
  TokenPinEvent,
  SelectDocumentEvent,
  RangeSelectEvent,
  DownloadEvent,
  type DownloadFormat,
} from "./events.js";
export { AlignedTokenHoverEvent, CharHoverEvent, CharSelectEvent } from "./alignedEvents.js";
export { corpusFromPayload, isCorpusPayload, type CorpusPayload } from "./corpusPayload.js";
export { instanceToJSON } from "../core/instanceJson.js";
export {
  instanceOrAlignedFromJSON as instanceFromJSON,
  instanceOrAlignedFromJSON,
  alignedFromJSON,
  alignedToJSON,
  isAlignedJSON,
} from "../core/alignedJson.js";
export { gunzipJson } from "../core/gunzipJson.js";
