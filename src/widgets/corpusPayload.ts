/**
 * The corpus payload the widgets read.  Its encoder and decoder live in the
 * pure core (core/corpusJson) so that Node can write what the browser
 * reads; this module keeps the widgets' import path.
 */
export { corpusFromPayload, corpusToPayload, isCorpusPayload, type CorpusPayload } from "../core/corpusJson.js";
