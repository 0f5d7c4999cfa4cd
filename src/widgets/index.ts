/**
 * The browser entry: importing this registers <lmdiff-instance-view>,
 * <lmdiff-global-view>, <lmdiff-token-card>, <lmdiff-download> and <lmdiff-app> (each only
 * once), and exposes the data decoders so a page can feed them.
 */
export { LmdiffInstanceView } from "./LmdiffInstanceView.js";
export { LmdiffGlobalView } from "./LmdiffGlobalView.js";
export { LmdiffTokenCard } from "./LmdiffTokenCard.js";
export { LmdiffApp, type InstanceCache } from "./LmdiffApp.js";
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
export { corpusFromPayload, isCorpusPayload, type CorpusPayload } from "./corpusPayload.js";
export { instanceFromJSON, instanceToJSON } from "../core/instanceJson.js";
export { gunzipJson } from "../core/gunzipJson.js";
