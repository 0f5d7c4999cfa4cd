import { LmdiffError } from "../core/LmdiffError.js";

/** A model served by OpenAI-compatible servers: their base URLs (replicas) and the served model's name. */
export interface RemoteSpec {
  /** Base URLs, each ending before "/completions" (e.g. http://10.0.0.5:8000/v1), without a trailing slash. */
  urls: string[];
  /** The served model name, as the server's /v1/models lists it. */
  model: string;
}

/** Whether a model spec names a remote model ("URL#NAME"): it starts with http:// or https://. */
export function isRemoteSpec(spec: string): boolean {
  return /^https?:\/\//i.test(spec.trim());
}

/**
 * Parse "URL#NAME" or "URL1,URL2#NAME" (replicas sharing the work).  The
 * name follows the last "#", since a served name may hold slashes
 * ("meta-llama/Llama-3.1-8B") but a base URL has no fragment.  Credentials
 * in a URL are refused: the key travels in a header (apiKey, or the
 * LMDIFF_API_KEY environment variable), never in a spec that caches and
 * views record.
 */
export function parseRemoteSpec(spec: string): RemoteSpec {
  const hash = spec.lastIndexOf("#");
  const model = hash < 0 ? "" : spec.slice(hash + 1).trim();
  if (hash < 0 || !model)
    throw new LmdiffError(
      `${spec}: a remote model is URL#NAME, the server's base URL and the served model name (e.g. http://10.0.0.5:8000/v1#meta-llama/Llama-3.1-8B)`,
      "bad-option",
    );
  const urls = spec
    .slice(0, hash)
    .split(",")
    .map((u) => u.trim())
    .filter((u) => u !== "")
    .map((u) => {
      let url: URL;
      try {
        url = new URL(u);
      } catch {
        throw new LmdiffError(`${u} is not a URL (a remote model is URL#NAME, several URLs joined by commas)`, "bad-option");
      }
      if (url.protocol !== "http:" && url.protocol !== "https:")
        throw new LmdiffError(`${u}: only http and https servers can score (got ${url.protocol})`, "bad-option");
      if (url.username || url.password)
        throw new LmdiffError(`${url.host}: put the API key in LMDIFF_API_KEY (or --api-key), not in the URL`, "bad-option");
      if (url.search) throw new LmdiffError(`${u}: a base URL has no query string`, "bad-option");
      return url.href.replace(/\/+$/, "");
    });
  if (urls.length === 0) throw new LmdiffError(`${spec}: no server URL before #${model}`, "bad-option");
  if (new Set(urls).size !== urls.length) throw new LmdiffError(`${spec}: a replica is listed twice`, "bad-option");
  return { urls, model };
}

/** The spec as caches and views record it: URLs and name, never a key. */
export function formatRemoteSpec(r: RemoteSpec): string {
  return `${r.urls.join(",")}#${r.model}`;
}
