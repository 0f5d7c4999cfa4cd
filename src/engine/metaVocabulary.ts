import * as fs from "node:fs";
import * as path from "node:path";
import { LmdiffError } from "../core/LmdiffError.js";
import type { CacheMeta } from "./AnalysisCache.js";
import type { TokenizerJson } from "./modelJson.js";
import { Vocabulary } from "./Vocabulary.js";

/**
 * The vocabulary of a cache's model, read from the tokenizer.json of the
 * folder the model was loaded from: a cache records token ids, and their
 * text (and where they sit in the text) needs the tokenizer.
 */
export function metaVocabulary(meta: CacheMeta): Vocabulary {
  const file = path.join(meta.modelDir, "tokenizer.json");
  if (!fs.existsSync(file))
    throw new LmdiffError(`the tokenizer of ${meta.modelName} is not at ${file} any more; token text needs it`, "not-found", 404);
  return new Vocabulary(JSON.parse(fs.readFileSync(file, "utf8")) as TokenizerJson);
}
