/** What the hub says about one file of a repo, from a HEAD of its resolve URL. */
export interface HubFileInfo {
  /** The HTTP status of the answer (after relative redirects): 200 for a file that exists. */
  status: number;
  /** The hub's X-Error-Code (EntryNotFound, RevisionNotFound, RepoNotFound, GatedRepo…), if any. */
  errorCode?: string;
  /** The content's identity: X-Linked-ETag for a large (LFS) file, else the ETag; unquoted. */
  etag?: string;
  /** The size in bytes: X-Linked-Size for a large file, else the Content-Length. */
  size?: number;
  /** The sha256 of the content, which the hub gives (as X-Linked-ETag) for large files only. */
  sha256?: string;
  /** The commit the revision resolved to (X-Repo-Commit). */
  commit?: string;
}

const unquote = (etag: string | null): string | undefined => etag?.replace(/^W\//, "").replace(/^"(.*)"$/, "$1") || undefined;

/**
 * HEAD a file's resolve URL.  The hub answers a large file with a redirect
 * to its storage host, and the size and sha256 are headers of that
 * redirect (X-Linked-Size, X-Linked-ETag), not of the storage host's
 * answer, so redirects are followed by hand: a relative one (a renamed
 * repo) is followed, one to another host is where the answer stops.
 * Compression is refused so that a Content-Length is the file's size.
 */
export async function hubFileInfo(url: string, fetch: typeof globalThis.fetch, headers: Record<string, string>): Promise<HubFileInfo> {
  let res: Response | undefined;
  for (let hops = 0; hops < 5; hops++) {
    res = await fetch(url, { method: "HEAD", redirect: "manual", headers: { ...headers, "Accept-Encoding": "identity" } });
    const location = res.headers.get("location");
    if (res.status < 300 || res.status >= 400 || !location || /^([a-z][\w+.-]*:)?\/\//i.test(location)) break;
    url = new URL(location, url).href;
  }
  const h = res!.headers;
  const linkedEtag = unquote(h.get("x-linked-etag"));
  const sizeHeader = h.get("x-linked-size") ?? (res!.status === 200 ? h.get("content-length") : null);
  const size = sizeHeader !== null && /^\d+$/.test(sizeHeader) ? Number(sizeHeader) : undefined;
  return {
    status: res!.status >= 300 && res!.status < 400 ? 200 : res!.status,
    errorCode: h.get("x-error-code") ?? undefined,
    etag: linkedEtag ?? unquote(h.get("etag")),
    size,
    sha256: linkedEtag && /^[0-9a-f]{64}$/i.test(linkedEtag) ? linkedEtag.toLowerCase() : undefined,
    commit: h.get("x-repo-commit") ?? undefined,
  };
}
