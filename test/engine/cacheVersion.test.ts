/**
 * The version rule for reading analysis caches (validateCacheVersion):
 * caches of this release line and older ones are read; caches of a newer
 * release line or in a newer format are refused with one line naming the
 * version that wrote them.
 */
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, test } from "node:test";
import { tableFromIPC, tableToIPC } from "apache-arrow";
import { AnalysisCache, CACHE_FORMAT } from "../../src/engine/AnalysisCache.ts";
import { analyze } from "../../src/engine/analyze.ts";
import { inlineDataset } from "../../src/engine/Dataset.ts";
import { Model } from "../../src/engine/Model.ts";
import { parseVersion, validateCacheVersion } from "../../src/engine/validateCache.ts";
import { VERSION } from "../../src/version.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-cache-version-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const meta = (version: string, format = CACHE_FORMAT) =>
  new Map([
    ["lmdiff.format", format],
    ["lmdiff.version", version],
  ]);

/** Whether a reader of version `reader` accepts a cache that `written` wrote (throws on anything but "incompatible-cache"). */
function reads(reader: string, written: string, format = CACHE_FORMAT): boolean {
  try {
    validateCacheVersion("c.arrow", meta(written, format), { format: CACHE_FORMAT, version: reader });
    return true;
  } catch (e) {
    if ((e as { code?: string }).code !== "incompatible-cache") throw e;
    return false;
  }
}

const v = parseVersion(VERSION)!;
/** The first release of the next release line after this lmdiff's, and a later patch of this line. */
const nextLine = v.major > 0 ? `${v.major + 1}.0.0` : `0.${v.minor + 1}.0`;
const laterPatch = `${v.major}.${v.minor}.${v.patch + 1}`;

test("parseVersion(v) reads semantic versions with prerelease and build parts, and nothing else", () => {
  assert.deepEqual(parseVersion("1.2.3"), { major: 1, minor: 2, patch: 3 });
  assert.deepEqual(parseVersion("0.4.0-rc.1+build.7"), { major: 0, minor: 4, patch: 0 });
  for (const bad of ["", "1.2", "v1.2.3", "1.2.3.4", "1.2.x", "01.2.3 "]) assert.equal(parseVersion(bad), null, bad);
});

test("validateCacheVersion reads caches of the same major version, newer minors and patches included, and of older majors", () => {
  assert.equal(reads("1.2.0", "1.2.0"), true);
  assert.equal(reads("1.2.0", "1.9.4"), true);
  assert.equal(reads("1.2.0", "1.0.0-rc.2"), true);
  assert.equal(reads("2.0.0", "1.7.0"), true);
  assert.equal(reads("1.0.0", "0.3.1"), true);
});

test("validateCacheVersion refuses caches of a newer major version", () => {
  assert.equal(reads("1.2.0", "2.0.0"), false);
  assert.equal(reads("1.9.9", "2.0.0-rc.1"), false);
  assert.equal(reads("0.9.0", "1.0.0"), false);
});

test("validateCacheVersion treats each 0.minor as its own release line before 1.0.0", () => {
  assert.equal(reads("0.3.0", "0.3.7"), true);
  assert.equal(reads("0.3.0", "0.2.9"), true);
  assert.equal(reads("0.3.0", "0.4.0"), false);
});

test("validateCacheVersion refuses a newer cache format whatever the version, and leaves foreign formats to the metadata check", () => {
  const [name, n] = CACHE_FORMAT.split("/");
  assert.equal(reads("1.0.0", "1.0.0", `${name}/${Number(n) + 1}`), false);
  assert.equal(reads("1.0.0", "0.1.0", `${name}/${Number(n) + 1}`), false);
  assert.equal(reads("1.0.0", "9.0.0", "something-else/1"), true);
});

test("validateCacheVersion calls a version that is not a semantic version a corrupted cache", () => {
  assert.throws(
    () => validateCacheVersion("c.arrow", meta("next"), { format: CACHE_FORMAT, version: "1.0.0" }),
    (e: Error & { code?: string }) =>
      e.code === "bad-cache" &&
      e.message ===
        'lmdiff: c.arrow: metadata lmdiff.version is "next" (expected a version such as 0.1.0); the cache is corrupted — delete it and run the analysis again',
  );
});

/** The cache at `file` with its recorded version (and format) replaced. */
function rewrite(file: string, version: string, format = CACHE_FORMAT): void {
  const t = tableFromIPC(fs.readFileSync(file));
  t.schema.metadata.set("lmdiff.version", version);
  t.schema.metadata.set("lmdiff.format", format);
  fs.writeFileSync(file, tableToIPC(t, "file"));
}

test("AnalysisCache.open reads a cache of a later patch, refuses one of the next release line in one line, and analyze --force replaces it", async () => {
  const m = await Model.load("tiny-en", { workers: 0 });
  try {
    const file = path.join(dir, "tiny-en.arrow");
    const data = inlineDataset(["Hello world.", "A second text."]);
    await analyze(m, data, { output: file, topK: 3 });
    assert.equal(AnalysisCache.open(file).meta.lmdiffVersion, VERSION);

    rewrite(file, laterPatch);
    assert.equal(AnalysisCache.open(file).meta.lmdiffVersion, laterPatch);

    rewrite(file, nextLine);
    const line = v.major > 0 ? `${v.major + 1}.x` : `0.${v.minor + 1}.x`;
    const expected =
      `lmdiff: ${file} was written by lmdiff ${nextLine}, a newer release than this lmdiff ${VERSION} can read; ` +
      `upgrade lmdiff to ${line} (npm install lmdiff@${line.replace(".x", "")}), or run the analysis again with --force (force: true), which replaces it`;
    for (const attempt of [() => AnalysisCache.open(file), () => analyze(m, data, { output: file, topK: 3 })])
      await assert.rejects(
        async () => attempt(),
        (e: Error & { code?: string }) => e.code === "incompatible-cache" && e.message === expected && !e.message.includes("\n"),
      );

    const [name, n] = CACHE_FORMAT.split("/");
    rewrite(file, nextLine, `${name}/${Number(n) + 1}`);
    assert.throws(
      () => AnalysisCache.open(file),
      (e: Error & { code?: string }) =>
        e.code === "incompatible-cache" && e.message.includes(`written by lmdiff ${nextLine} in cache format ${Number(n) + 1}`),
    );

    const fresh = await analyze(m, data, { output: file, topK: 3, force: true });
    assert.equal(fresh.meta.lmdiffVersion, VERSION);
    assert.equal(AnalysisCache.open(file).meta.lmdiffVersion, VERSION);
  } finally {
    await m.dispose();
  }
});
