import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";

/**
 * A loopback HTTP server that serves model folders in the hub's URL layout
 * (/{owner}/{name}/resolve/{revision}/{file}), with ETags, byte ranges and
 * the hub's 404 "EntryNotFound" code, so the real download code runs end to
 * end without leaving the machine.
 */
export async function startFakeHub(
  repos: Record<string, string>,
): Promise<{ url: string; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const m = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(decodeURI((req.url ?? "").split("?")[0]));
    const dir = m ? repos[m[1]] : undefined;
    const file = dir ? path.join(dir, m![3]) : "";
    if (!dir || !file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404, { "X-Error-Code": "EntryNotFound", "Content-Type": "text/plain" });
      return res.end("Entry not found");
    }
    const data = fs.readFileSync(file);
    const etag = `"${data.length.toString(16)}-${fs.statSync(file).mtimeMs.toString(16)}"`;
    const range = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? "");
    if (range) {
      const start = Number(range[1]);
      const end = range[2] ? Math.min(Number(range[2]), data.length - 1) : data.length - 1;
      res.writeHead(206, {
        "Content-Range": `bytes ${start}-${end}/${data.length}`,
        "Content-Length": String(end - start + 1),
        ETag: etag,
        "Accept-Ranges": "bytes",
      });
      return res.end(data.subarray(start, end + 1));
    }
    res.writeHead(200, { "Content-Length": String(data.length), ETag: etag, "Accept-Ranges": "bytes" });
    res.end(data);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
