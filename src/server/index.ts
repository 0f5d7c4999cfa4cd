/** The server's public surface: build the app around a catalog, or run `lmdiff serve`. */
export { createServer, type ServerOptions } from "./createServer.js";
export { Catalog, type PairInfo, type DatasetInfo } from "./Catalog.js";
export { InferenceQueue, QueueFullError, type QueueOptions } from "./InferenceQueue.js";
export { preprocessProject, type PreprocessOptions } from "../engine/preprocessProject.js";
export { prepareDefaultApp, defaultAppDir, DEFAULT_APP } from "./defaultApp.js";
export { loadCatalog } from "./loadCatalog.js";
export { serveOptions, type ServeOptions } from "./serveOptions.js";
export { startServer, serverUrl } from "./startServer.js";
export { CONTENT_SECURITY_POLICY } from "./securityHeaders.js";
