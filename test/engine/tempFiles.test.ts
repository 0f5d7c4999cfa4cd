import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { atomicWriteFileSync } from "../../src/engine/atomicWrite.ts";
import { removeStaleTemps, tempPath } from "../../src/engine/tempFiles.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-temps-"));
const deadPid = () => Number(spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" }).stdout);

test("tempPath names a temporary file beside its target, owned by this process", () => {
  const t = tempPath(path.join(dir, "x.arrow"));
  assert.equal(path.dirname(t), dir);
  assert.match(path.basename(t), new RegExp(`^x\\.arrow\\.${process.pid}\\.[0-9a-z]+\\.tmp$`));
  assert.notEqual(tempPath("a"), tempPath("a"), "two calls never share a name");
});

test("removeStaleTemps removes a killed run's temporary files and keeps live ones and other files", () => {
  const target = path.join(dir, "y.arrow");
  const dead = `${target}.${deadPid()}.abc.tmp`;
  const live = tempPath(target);
  const other = path.join(dir, "y.arrowx.1.a.tmp");
  for (const f of [dead, live, other]) fs.writeFileSync(f, "x");
  assert.equal(removeStaleTemps(target), 1);
  assert.deepEqual([fs.existsSync(dead), fs.existsSync(live), fs.existsSync(other)], [false, true, true]);
  assert.equal(removeStaleTemps(target, { all: true }), 1);
  assert.equal(fs.existsSync(live), false);
});

test("atomicWriteFileSync leaves no temporary file when the final rename fails", () => {
  const target = path.join(dir, "a-folder");
  fs.mkdirSync(path.join(target, "inside"), { recursive: true });
  assert.throws(() => atomicWriteFileSync(target, "data"));
  assert.deepEqual(
    fs.readdirSync(dir).filter((f) => f.startsWith("a-folder.")),
    [],
  );
});

test("atomicWriteFileSync cleans up temporary files of killed earlier writes of the same file", () => {
  const target = path.join(dir, "z.json");
  const stale = `${target}.${deadPid()}.k1.tmp`;
  fs.writeFileSync(stale, "half");
  atomicWriteFileSync(target, "{}");
  assert.equal(fs.existsSync(stale), false);
  assert.equal(fs.readFileSync(target, "utf8"), "{}");
});

test(
  "atomicWriteFileSync reports a read-only folder as a one-line lmdiff error",
  { skip: process.getuid?.() === 0 ? "root ignores permissions" : false },
  () => {
    const ro = path.join(dir, "ro");
    fs.mkdirSync(ro);
    fs.chmodSync(ro, 0o500);
    assert.throws(() => atomicWriteFileSync(path.join(ro, "f"), "x"), /^LmdiffError: lmdiff: cannot write/);
  },
);
