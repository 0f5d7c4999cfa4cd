import * as fs from "node:fs";
import * as path from "node:path";
import type { FastifyInstance } from "fastify";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * The files a folder may serve, found once at start: regular files with a
 * known type, including symlinks only when their target is inside the
 * folder.  Each becomes an exact route, so a request path is never joined
 * onto a folder: `..`, encoded slashes, absolute paths and links out have
 * nothing to match and get 404.  Keys are URL paths ("/app.js").
 */
export function listStaticFiles(dir: string, maxDepth = 3): Map<string, string> {
  const out = new Map<string, string>();
  if (!fs.existsSync(dir)) return out;
  const root = fs.realpathSync(dir);
  const walk = (d: string, prefix: string, depth: number) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith(".")) continue;
      const p = path.join(d, e.name);
      let real: string;
      try {
        real = fs.realpathSync(p);
      } catch {
        continue; // a dangling link
      }
      if (real !== root && !real.startsWith(root + path.sep)) continue;
      const st = fs.statSync(real);
      if (st.isDirectory()) {
        if (depth < maxDepth) walk(p, `${prefix}${e.name}/`, depth + 1);
      } else if (st.isFile() && TYPES[path.extname(e.name).toLowerCase()] && /^[\w.-]+$/.test(e.name)) {
        out.set(`${prefix}${e.name}`, real);
      }
    }
  };
  walk(root, "/", 0);
  return out;
}

/** Register one GET route per file (and "/" for /index.html); files are read on each request so a rebuilt bundle is picked up. */
export function registerStaticFiles(app: FastifyInstance, files: Map<string, string>): void {
  const serve = (route: string, file: string) => {
    const type = TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
    app.get(route, { schema: { hide: true } }, async (req, reply) => {
      const st = await fs.promises.stat(file);
      const etag = `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
      reply.header("Content-Type", type).header("Cache-Control", "no-cache").header("ETag", etag);
      if (req.headers["if-none-match"] === etag) return reply.code(304).send();
      return reply.send(await fs.promises.readFile(file));
    });
  };
  for (const [route, file] of files) serve(route, file);
  const index = files.get("/index.html");
  if (index) serve("/", index);
}
