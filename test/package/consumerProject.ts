/**
 * A fresh project that installs lmdiff from its packed tarball, the way a
 * researcher installs it into a notebook folder, offline.
 *
 * `npm install lmdiff.tgz --offline` cannot work from npm's cache alone:
 * resolving lmdiff's dependency ranges needs their registry metadata, which
 * `npm ci` in this repository never fetched.  The project therefore gets a
 * package-lock.json made from this repository's lock: lmdiff from the
 * tarball, and every package lmdiff needs at exactly the version (and
 * integrity) this repository was tested with, each with the tarball URL of
 * the configured registry, so `npm ci --offline` finds every tarball in
 * npm's cache (filled by `npm ci` here).
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  dev?: boolean;
  optional?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  [key: string]: unknown;
}
interface Lock {
  packages: Record<string, LockEntry>;
}

/** The lock entry path that `name` resolves to from the package at `from` (Node's lookup, walking up node_modules folders). */
function resolveInLock(packages: Lock["packages"], from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!dir) return undefined;
    const i = dir.lastIndexOf("/node_modules/");
    dir = i < 0 ? "" : dir.slice(0, i);
  }
}

/** Every lock entry reachable from the given dependency names (optional and peer dependencies included when the lock has them). */
function closure(packages: Lock["packages"], names: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (from: string, name: string) => {
    const key = resolveInLock(packages, from, name);
    if (!key || seen.has(key)) return;
    seen.add(key);
    const e = packages[key];
    for (const deps of [e.dependencies, e.optionalDependencies, e.peerDependencies]) for (const d of Object.keys(deps ?? {})) visit(key, d);
  };
  for (const n of names) visit("", n);
  return seen;
}

/** The registry tarball URL of a lock entry (npm's layout: NAME/-/BASENAME-VERSION.tgz). */
function tarballUrl(registry: string, key: string, version: string): string {
  const name = key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length);
  return `${registry}/${name}/-/${name.split("/").pop()}-${version}.tgz`;
}

export interface ConsumerOptions {
  /** The repository (its package.json and package-lock.json). */
  repo: string;
  /** The folder of the new project (exists, empty). */
  dir: string;
  /** The packed tarball, already copied into dir. */
  tarballName: string;
  /** Dev dependencies of the project, taken from the repository's lock at its versions (e.g. @types/node). */
  devDependencies: string[];
}

/** Write the project's package.json and package-lock.json. */
export function writeConsumerProject(o: ConsumerOptions): void {
  const pkg = JSON.parse(readFileSync(path.join(o.repo, "package.json"), "utf8")) as {
    version: string;
    license: string;
    dependencies?: Record<string, string>;
    bin: Record<string, string>;
    engines: Record<string, string>;
  };
  const lock = JSON.parse(readFileSync(path.join(o.repo, "package-lock.json"), "utf8")) as Lock;
  const registry = execFileSync("npm", ["config", "get", "registry"], { encoding: "utf8" }).trim().replace(/\/$/, "");
  const prod = closure(lock.packages, Object.keys(pkg.dependencies ?? {}));
  const dev = closure(lock.packages, o.devDependencies);
  const devDependencies = Object.fromEntries(o.devDependencies.map((n) => [n, lock.packages[`node_modules/${n}`].version!]));
  const dependencies = { lmdiff: `file:${o.tarballName}` };
  const packages: Record<string, LockEntry> = {
    "": { name: "lmdiff-consumer", version: "1.0.0", dependencies, devDependencies },
    "node_modules/lmdiff": {
      version: pkg.version,
      resolved: `file:${o.tarballName}`,
      license: pkg.license,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
    },
  };
  for (const key of [...prod, ...dev].sort()) {
    if (packages[key]) continue;
    const e: LockEntry = { ...lock.packages[key] };
    if (e.link) throw new Error(`${key} is a link in the repository's lock; the consumer project cannot install it`);
    delete e.dev;
    if (!prod.has(key)) e.dev = true;
    if (!e.resolved && e.version) e.resolved = tarballUrl(registry, key, e.version);
    packages[key] = e;
  }
  const manifest = { name: "lmdiff-consumer", version: "1.0.0", private: true, dependencies, devDependencies };
  writeFileSync(path.join(o.dir, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
  writeFileSync(
    path.join(o.dir, "package-lock.json"),
    JSON.stringify({ name: manifest.name, version: manifest.version, lockfileVersion: 3, requires: true, packages }, null, 2) + "\n",
  );
}
