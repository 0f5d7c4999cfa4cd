import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";

/** Files at least this large are served as the hub serves LFS files (see startFakeHub). */
export const FAKE_LFS_MIN_BYTES = 1 << 20;

export interface FakeHub {
  url: string;
  /** "METHOD /path" of every request, in order. */
  requests: string[];
  /** Every request with its Range header, if any. */
  log: { method: string; url: string; range?: string }[];
  /** The next GET of `file` (repo-relative) sends its headers and `bytes` bytes of the body, then drops the connection. */
  cutNext: (file: string, bytes: number) => void;
  /** While on, GETs of `file` send a body with one byte changed (the headers still describe the real file). */
  corrupt: (file: string, on: boolean) => void;
  close: () => Promise<void>;
}

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
/** The id git gives a file's content, which the hub sends as the ETag of small files. */
const gitBlobSha1 = (b: Uint8Array) => createHash("sha1").update(`blob ${b.length}\0`).update(b).digest("hex");

/**
 * A loopback HTTP server that serves model folders in the hub's URL layout
 * (/{owner}/{name}/resolve/{revision}/{file}), so the real download code
 * runs end to end without leaving the machine.  Like the hub, it answers
 * HEAD and GET; a small file with its git blob sha1 as ETag; a large one
 * (≥ FAKE_LFS_MIN_BYTES, as if in LFS) with a redirect to a storage URL
 * carrying X-Linked-Size and X-Linked-ETag (its sha256); X-Repo-Commit;
 * byte ranges; and the hub's 404 codes EntryNotFound and RevisionNotFound.
 * A repo is a folder served at any revision, or { revision: folder }.
 * cutNext and corrupt simulate a dropped connection and damaged bytes.
 */
export async function startFakeHub(repos: Record<string, string | Record<string, string>>): Promise<FakeHub> {
  const requests: string[] = [];
  const log: FakeHub["log"] = [];
  const cuts = new Map<string, number>();
  const corrupted = new Set<string>();
  let base = "";

  /** Send `data` (or the requested range of it) with `headers`; a HEAD gets the headers alone. */
  const send = (req: http.IncomingMessage, res: http.ServerResponse, file: string, data: Buffer, headers: Record<string, string>) => {
    if (req.method === "HEAD") {
      res.writeHead(200, { ...headers, "Content-Length": String(data.length), "Accept-Ranges": "bytes" });
      return res.end();
    }
    let body = data;
    if (corrupted.has(file)) {
      body = Buffer.from(data);
      body[body.length >> 1] ^= 0xff;
    }
    const range = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? "");
    let start = 0;
    let end = data.length - 1;
    if (range) {
      start = Number(range[1]);
      end = range[2] ? Math.min(Number(range[2]), data.length - 1) : data.length - 1;
      if (start >= data.length) {
        res.writeHead(416, { "Content-Range": `bytes */${data.length}` });
        return res.end();
      }
      res.writeHead(206, {
        ...headers,
        "Content-Range": `bytes ${start}-${end}/${data.length}`,
        "Content-Length": String(end - start + 1),
        "Accept-Ranges": "bytes",
      });
    } else res.writeHead(200, { ...headers, "Content-Length": String(data.length), "Accept-Ranges": "bytes" });
    const part = body.subarray(start, end + 1);
    const cut = cuts.get(file);
    if (cut !== undefined) {
      cuts.delete(file);
      res.write(part.subarray(0, cut), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    res.end(part);
  };

  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    log.push({ method: req.method ?? "", url: req.url ?? "", range: req.headers.range });
    const url = decodeURI((req.url ?? "").split("?")[0]);
    const m = /^\/(cdn\/)?([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url);
    const repo = m ? repos[m[2]] : undefined;
    const revision = m ? decodeURIComponent(m[3]) : "";
    const dir = typeof repo === "string" ? repo : repo?.[revision];
    if (repo !== undefined && dir === undefined) {
      res.writeHead(404, { "X-Error-Code": "RevisionNotFound", "Content-Type": "text/plain" });
      return res.end("Revision not found");
    }
    const rel = m ? m[4].split("/").map(decodeURIComponent).join("/") : "";
    const file = dir ? path.join(dir, rel) : "";
    if (!dir || !file.startsWith(dir + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404, { "X-Error-Code": "EntryNotFound", "Content-Type": "text/plain" });
      return res.end("Entry not found");
    }
    const data = fs.readFileSync(file);
    const commit = createHash("sha1").update(`${m![2]}@${revision}:${dir}`).digest("hex");
    const common = { "X-Repo-Commit": commit };
    if (data.length < FAKE_LFS_MIN_BYTES) return send(req, res, rel, data, { ...common, ETag: `"${gitBlobSha1(data)}"` });
    const sha = sha256(data);
    // The storage host: another ETag, none of the hub's headers.
    if (m![1]) return send(req, res, rel, data, { ETag: `"cdn-${sha.slice(0, 20)}"` });
    res.writeHead(302, {
      ...common,
      ETag: `"${sha}"`,
      "X-Linked-ETag": `"${sha}"`,
      "X-Linked-Size": String(data.length),
      Location: `${base}/cdn${req.url}`,
      "Content-Length": "0",
    });
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    requests,
    log,
    cutNext: (file, bytes) => void cuts.set(file, bytes),
    corrupt: (file, on) => void (on ? corrupted.add(file) : corrupted.delete(file)),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
