import assert from "node:assert/strict";
import { execFile, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { isLmdiffError } from "../../src/core/LmdiffError.ts";
import { installLabextension, uninstallLabextension } from "../../src/cli/installLabextension.ts";
import { jupyterDataDir } from "../../src/cli/jupyterDataDir.ts";
import { jupyterlabVenv, PYPI_MIRROR } from "../helpers/jupyterlabVenv.ts";

// The unit tests install a small fake extension, so they need no build;
// the CLI tests run main() from the TypeScript source through tsx, as
// textCommand.test.ts does, for the same reason.
const ROOT = path.join(__dirname, "..", "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lmdiff-jupyter-"));
let n = 0;
const fresh = (name: string) => fs.mkdtempSync(path.join(dir, `${name}-${n++}-`));

/** The process's environment without anything that would choose an install folder. */
const cleanEnv = (() => {
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: "" };
  for (const k of ["VIRTUAL_ENV", "CONDA_PREFIX", "JUPYTER_DATA_DIR", "XDG_DATA_HOME"]) delete env[k];
  return env;
})();

/**
 * A built extension as JupyterLab's builder leaves it: package.json with
 * jupyterlab._build naming the remote entry in static/.  The name, version
 * and _build.mimeExtension are what `jupyter labextension list` needs.
 */
function fakeExtension(marker = "v1"): string {
  const src = fresh("src");
  fs.mkdirSync(path.join(src, "static"));
  fs.writeFileSync(
    path.join(src, "package.json"),
    JSON.stringify({
      name: "lmdiff",
      version: "0.1.0",
      jupyterlab: { _build: { load: "static/remoteEntry.abc.js", mimeExtension: "./mimeExtension" } },
    }),
  );
  fs.writeFileSync(path.join(src, "static", "remoteEntry.abc.js"), `// ${marker}\n`);
  return src;
}

function assertOneLineLmdiffError(fn: () => unknown, pattern: RegExp) {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isLmdiffError(e), `an LmdiffError, got ${String(e)}`);
    assert.doesNotMatch(e.message, /\n/);
    assert.match(e.message, /^lmdiff: /);
    assert.match(e.message, pattern);
    return true;
  });
}

const installed = (dataDir: string) => path.join(dataDir, "labextensions", "lmdiff");

// jupyterDataDir

test("jupyterDataDir({prefix}) is DIR/share/jupyter, a relative DIR resolved from the working folder", () => {
  assert.equal(jupyterDataDir({ prefix: "/opt/env" }, {}), path.resolve("/opt/env/share/jupyter"));
  assert.equal(jupyterDataDir({ prefix: "env" }, {}), path.resolve("env", "share", "jupyter"));
  // --prefix ignores an active environment.
  assert.equal(jupyterDataDir({ prefix: "/opt/env" }, { VIRTUAL_ENV: "/v" }), path.resolve("/opt/env/share/jupyter"));
});

test("jupyterDataDir({sysPrefix}) uses $VIRTUAL_ENV, then $CONDA_PREFIX", () => {
  assert.equal(jupyterDataDir({ sysPrefix: true }, { VIRTUAL_ENV: "/v", CONDA_PREFIX: "/c" }), path.join("/v", "share", "jupyter"));
  assert.equal(jupyterDataDir({ sysPrefix: true }, { CONDA_PREFIX: "/c" }), path.join("/c", "share", "jupyter"));
});

test(
  "jupyterDataDir({sysPrefix}) without an active environment asks the python3 on PATH for sys.prefix",
  { skip: process.platform === "win32" ? "a shell-script python3 needs a POSIX system" : false },
  () => {
    const bin = fresh("bin");
    fs.writeFileSync(path.join(bin, "python3"), "#!/bin/sh\necho /fake/prefix\n", { mode: 0o755 });
    assert.equal(jupyterDataDir({ sysPrefix: true }, { PATH: bin }), path.join("/fake/prefix", "share", "jupyter"));
  },
);

test("jupyterDataDir({sysPrefix}) with no python3 on PATH fails in one line that suggests --prefix", () => {
  assertOneLineLmdiffError(() => jupyterDataDir({ sysPrefix: true }, { PATH: fresh("empty") }), /no working python3 on PATH.*--prefix DIR/);
});

test("jupyterDataDir({user}) is $JUPYTER_DATA_DIR when set, whatever the platform", () => {
  for (const platform of ["linux", "darwin", "win32"] as const)
    assert.equal(jupyterDataDir({ user: true }, { JUPYTER_DATA_DIR: "/j", HOME: "/h", APPDATA: "C:\\A" }, platform), "/j");
});

test("jupyterDataDir({user}) on Linux is $XDG_DATA_HOME/jupyter, else ~/.local/share/jupyter", () => {
  assert.equal(jupyterDataDir({ user: true }, { XDG_DATA_HOME: "/x", HOME: "/h" }, "linux"), path.join("/x", "jupyter"));
  assert.equal(jupyterDataDir({ user: true }, { HOME: "/h" }, "linux"), path.join("/h", ".local", "share", "jupyter"));
});

test("jupyterDataDir({user}) on macOS is ~/Library/Jupyter, even with $XDG_DATA_HOME set", () => {
  assert.equal(jupyterDataDir({ user: true }, { XDG_DATA_HOME: "/x", HOME: "/h" }, "darwin"), path.join("/h", "Library", "Jupyter"));
});

test("jupyterDataDir({user}) on Windows is %APPDATA%\\jupyter", () => {
  assert.equal(
    jupyterDataDir({ user: true }, { APPDATA: "C:\\Users\\u\\AppData\\Roaming" }, "win32"),
    "C:\\Users\\u\\AppData\\Roaming\\jupyter",
  );
});

test("jupyterDataDir({user}) wins over an active environment", () => {
  assert.equal(jupyterDataDir({ user: true }, { VIRTUAL_ENV: "/v", HOME: "/h" }, "linux"), path.join("/h", ".local", "share", "jupyter"));
});

test("jupyterDataDir({}) is the active environment's when one is active, else the user's", () => {
  assert.equal(jupyterDataDir({}, { VIRTUAL_ENV: "/v", HOME: "/h" }, "linux"), path.join("/v", "share", "jupyter"));
  assert.equal(jupyterDataDir({}, { CONDA_PREFIX: "/c", HOME: "/h" }, "linux"), path.join("/c", "share", "jupyter"));
  assert.equal(jupyterDataDir({}, { HOME: "/h" }, "linux"), path.join("/h", ".local", "share", "jupyter"));
  assert.equal(jupyterDataDir({}, { JUPYTER_DATA_DIR: "/j" }, "linux"), "/j");
});

test("jupyterDataDir with more than one of user, sysPrefix and prefix fails in one line naming them", () => {
  assertOneLineLmdiffError(() => jupyterDataDir({ user: true, sysPrefix: true }, {}), /use only one of .*got --user and --sys-prefix/);
  assertOneLineLmdiffError(() => jupyterDataDir({ user: true, prefix: "/p" }, {}), /got --user and --prefix DIR/);
  assertOneLineLmdiffError(() => jupyterDataDir({ sysPrefix: true, prefix: "/p" }, {}), /got --sys-prefix and --prefix DIR/);
  assertOneLineLmdiffError(
    () => jupyterDataDir({ user: true, sysPrefix: true, prefix: "/p" }, {}),
    /got --user and --sys-prefix and --prefix DIR/,
  );
});

test('jupyterDataDir({prefix: ""}) is refused', () => {
  assertOneLineLmdiffError(() => jupyterDataDir({ prefix: "" }, {}), /invalid --prefix ""/);
});

// installLabextension and uninstallLabextension

test("installLabextension copies the extension into labextensions/lmdiff and writes install.json", () => {
  const data = fresh("data");
  const target = installLabextension(fakeExtension(), data);
  assert.equal(target, installed(data));
  assert.equal(fs.readFileSync(path.join(target, "static", "remoteEntry.abc.js"), "utf8"), "// v1\n");
  assert.equal((JSON.parse(fs.readFileSync(path.join(target, "package.json"), "utf8")) as { name: string }).name, "lmdiff");
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(target, "install.json"), "utf8")), {
    packageManager: "npm",
    packageName: "lmdiff",
    uninstallInstructions: "Run: lmdiff jupyter uninstall (with the same --user/--sys-prefix/--prefix option)",
  });
  assert.deepEqual(fs.readdirSync(path.join(data, "labextensions")), ["lmdiff"], "no temporary folder is left");
});

test("installLabextension again replaces the earlier install: files of the old build are gone", () => {
  const data = fresh("data");
  installLabextension(fakeExtension("v1"), data);
  const stale = path.join(installed(data), "static", "remoteEntry.old.js");
  fs.writeFileSync(stale, "// a chunk of an older build\n");
  installLabextension(fakeExtension("v2"), data);
  assert.equal(fs.existsSync(stale), false);
  assert.equal(fs.readFileSync(path.join(installed(data), "static", "remoteEntry.abc.js"), "utf8"), "// v2\n");
  assert.deepEqual(fs.readdirSync(path.join(data, "labextensions")), ["lmdiff"], "neither the new copy nor the old one is left aside");
});

test("installLabextension removes the hidden folders of a killed earlier install", () => {
  const data = fresh("data");
  const dead = spawnSync(process.execPath, ["-e", ""]).pid;
  const left = path.join(data, "labextensions", `.lmdiff.${dead}.abc0.tmp`);
  fs.mkdirSync(path.join(left, "static"), { recursive: true });
  installLabextension(fakeExtension(), data);
  assert.deepEqual(fs.readdirSync(path.join(data, "labextensions")), ["lmdiff"]);
});

test("installLabextension refuses a missing or unbuilt source in one line that says to build, installing nothing", () => {
  const data = fresh("data");
  assertOneLineLmdiffError(
    () => installLabextension(path.join(dir, "nowhere"), data),
    /not built \(.*nowhere is missing\): run npm run build/,
  );
  const empty = fresh("empty");
  assertOneLineLmdiffError(
    () => installLabextension(empty, data),
    /not built \(.*package\.json is missing or unreadable\): run npm run build/,
  );
  const noKey = fakeExtension();
  fs.writeFileSync(path.join(noKey, "package.json"), JSON.stringify({ name: "lmdiff", version: "0.1.0" }));
  assertOneLineLmdiffError(() => installLabextension(noKey, data), /not built \(.*has no "jupyterlab" key\): run npm run build/);
  const noBuild = fakeExtension();
  fs.writeFileSync(path.join(noBuild, "package.json"), JSON.stringify({ name: "lmdiff", version: "0.1.0", jupyterlab: {} }));
  assertOneLineLmdiffError(() => installLabextension(noBuild, data), /has no jupyterlab\._build\.load\): run npm run build/);
  const noEntry = fakeExtension();
  fs.rmSync(path.join(noEntry, "static", "remoteEntry.abc.js"));
  assertOneLineLmdiffError(() => installLabextension(noEntry, data), /remoteEntry\.abc\.js, named by jupyterlab\._build\.load, is missing/);
  assert.equal(fs.existsSync(path.join(data, "labextensions", "lmdiff")), false);
});

test("installLabextension refuses an extension of another name", () => {
  const other = fakeExtension();
  const pkg = JSON.parse(fs.readFileSync(path.join(other, "package.json"), "utf8")) as { name: string };
  fs.writeFileSync(path.join(other, "package.json"), JSON.stringify({ ...pkg, name: "other" }));
  assertOneLineLmdiffError(() => installLabextension(other, fresh("data")), /names "other", not "lmdiff"/);
});

test("installLabextension leaves a folder it did not install in place and says so", () => {
  const data = fresh("data");
  const foreign = installed(data);
  fs.mkdirSync(foreign, { recursive: true });
  fs.writeFileSync(path.join(foreign, "install.json"), JSON.stringify({ packageManager: "python", packageName: "lmdiff" }));
  assertOneLineLmdiffError(
    () => installLabextension(fakeExtension(), data),
    /was not installed by lmdiff .*remove it yourself, or install elsewhere/,
  );
  assert.deepEqual(fs.readdirSync(foreign), ["install.json"]);
});

test("uninstallLabextension removes what installLabextension put there and returns its folder", () => {
  const data = fresh("data");
  const target = installLabextension(fakeExtension(), data);
  assert.equal(uninstallLabextension(data), target);
  assert.deepEqual(fs.readdirSync(path.join(data, "labextensions")), []);
});

test("uninstallLabextension with nothing installed returns undefined", () => {
  assert.equal(uninstallLabextension(fresh("data")), undefined);
});

test("uninstallLabextension refuses a folder that lmdiff did not install, and keeps it", () => {
  const data = fresh("data");
  const foreign = installed(data);
  fs.mkdirSync(foreign, { recursive: true });
  fs.writeFileSync(path.join(foreign, "package.json"), "{}");
  assertOneLineLmdiffError(() => uninstallLabextension(data), /was not installed by lmdiff \(it has no install\.json\); left in place/);
  fs.writeFileSync(path.join(foreign, "install.json"), JSON.stringify({ packageManager: "npm", packageName: "other" }));
  assertOneLineLmdiffError(() => uninstallLabextension(data), /install\.json does not name the npm package lmdiff/);
  assert.deepEqual(fs.readdirSync(foreign).sort(), ["install.json", "package.json"]);
});

test(
  "uninstallLabextension refuses a symbolic link, as jupyter labextension develop makes",
  { skip: process.platform === "win32" ? "symbolic links need privileges on Windows" : false },
  () => {
    const data = fresh("data");
    const src = fakeExtension();
    fs.mkdirSync(path.join(data, "labextensions"));
    fs.symlinkSync(src, installed(data));
    assertOneLineLmdiffError(() => uninstallLabextension(data), /symbolic link/);
    assert.ok(fs.lstatSync(installed(data)).isSymbolicLink());
  },
);

// The command line

// "--" ends node's own options, so that `lmdiff -q …` reaches main().
const RUN_MAIN =
  'require("./src/cli/main.ts").main([process.execPath, "lmdiff", ...process.argv.slice(1)]).then((c) => { process.exitCode = c; })';

function lmdiff(args: string[], env: NodeJS.ProcessEnv = cleanEnv) {
  const r = spawnSync(process.execPath, ["--import", "tsx", "-e", RUN_MAIN, "--", ...args], {
    encoding: "utf8",
    env,
    cwd: ROOT,
    timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function assertOneLineError(r: ReturnType<typeof lmdiff>, pattern: RegExp) {
  assert.notEqual(r.code, 0, "exits non-zero");
  assert.equal(r.out, "");
  const lines = r.err.trim().split("\n");
  assert.equal(lines.length, 1, `one line on stderr, got: ${r.err}`);
  assert.match(lines[0], /^lmdiff: /);
  assert.match(lines[0], pattern);
}

test("lmdiff jupyter install --prefix and uninstall --prefix say where on stdout, with a hint on stderr", () => {
  const prefix = fresh("prefix");
  const target = installed(path.join(prefix, "share", "jupyter"));
  const i = lmdiff(["jupyter", "install", "--prefix", prefix, "--source", fakeExtension()]);
  assert.equal(i.code, 0, i.err);
  assert.equal(i.out, `installed the lmdiff JupyterLab extension in ${target}\n`);
  assert.equal(i.err, "restart JupyterLab; jupyter labextension list should show lmdiff enabled\n");
  assert.ok(fs.existsSync(path.join(target, "install.json")));
  const u = lmdiff(["jupyter", "uninstall", "--prefix", prefix]);
  assert.equal(u.code, 0, u.err);
  assert.equal(u.out, `removed the lmdiff JupyterLab extension from ${target}\n`);
  assert.equal(u.err, "restart JupyterLab to unload it\n");
  assert.equal(fs.existsSync(target), false);
  const again = lmdiff(["jupyter", "uninstall", "--prefix", prefix]);
  assert.equal(again.code, 0, again.err);
  assert.equal(again.out, `the lmdiff JupyterLab extension is not installed in ${target}; nothing to remove\n`);
});

test("lmdiff -q jupyter install prints only where it installed", () => {
  const prefix = fresh("prefix");
  const r = lmdiff(["-q", "jupyter", "install", "--prefix", prefix, "--source", fakeExtension()]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^installed the lmdiff JupyterLab extension in /);
  assert.equal(r.err, "");
});

test("lmdiff jupyter install without an option uses the active venv, else the user's data folder", () => {
  const venv = fresh("venv");
  const v = lmdiff(["jupyter", "install", "--source", fakeExtension()], { ...cleanEnv, VIRTUAL_ENV: venv });
  assert.equal(v.code, 0, v.err);
  assert.ok(fs.existsSync(path.join(installed(path.join(venv, "share", "jupyter")), "install.json")));
  const user = fresh("user");
  const u = lmdiff(["jupyter", "install", "--source", fakeExtension()], { ...cleanEnv, JUPYTER_DATA_DIR: user });
  assert.equal(u.code, 0, u.err);
  assert.ok(fs.existsSync(path.join(installed(user), "install.json")));
});

test("lmdiff jupyter install refuses conflicting options and an unbuilt extension in one line", () => {
  assertOneLineError(lmdiff(["jupyter", "install", "--user", "--sys-prefix"]), /use only one of --user, --sys-prefix and --prefix DIR/);
  assertOneLineError(lmdiff(["jupyter", "uninstall", "--user", "--prefix", "x"]), /use only one of/);
  assertOneLineError(
    lmdiff(["jupyter", "install", "--prefix", fresh("prefix"), "--source", path.join(dir, "nowhere")]),
    /the JupyterLab extension is not built .*: run npm run build/,
  );
});

// A real JupyterLab

const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

const NO_JUPYTERLAB =
  process.platform === "win32"
    ? "the JupyterLab venv helper expects a POSIX venv layout"
    : fs.existsSync(PYPI_MIRROR)
      ? false
      : `no local PyPI mirror at ${PYPI_MIRROR} to install JupyterLab from`;

test(
  "jupyter labextension list shows lmdiff enabled after lmdiff jupyter install --prefix DIR, and not after uninstall",
  { skip: NO_JUPYTERLAB, timeout: 20 * 60_000 },
  async () => {
    const venv = await jupyterlabVenv();
    // The real build when there is one, so that JupyterLab checks what users get.
    const real = path.join(ROOT, "lib", "labextension");
    const source = fs.existsSync(path.join(real, "package.json")) ? real : fakeExtension();
    const home = fresh("jupyter-home");
    // A prefix of its own, found through JUPYTER_PATH, rather than the shared
    // venv's: other test files start JupyterLab from that venv.
    const prefix = path.join(home, "prefix");
    const env = {
      ...cleanEnv,
      JUPYTER_CONFIG_DIR: path.join(home, "config"),
      JUPYTER_DATA_DIR: path.join(home, "data"),
      JUPYTER_RUNTIME_DIR: path.join(home, "runtime"),
      JUPYTER_PLATFORM_DIRS: "",
      JUPYTER_PATH: path.join(prefix, "share", "jupyter"),
    };
    const list = async () => {
      const r = await promisify(execFile)(path.join(venv, "bin", "jupyter"), ["labextension", "list"], { env, timeout: 120_000 });
      // It prints to stderr in some versions and stdout in others, with colours.
      return (r.stdout + r.stderr).replace(ANSI_COLOUR, "");
    };
    const extensions = path.join(prefix, "share", "jupyter", "labextensions");
    const i = lmdiff(["jupyter", "install", "--prefix", prefix, "--source", source]);
    assert.equal(i.code, 0, i.err);
    try {
      const after = await list();
      assert.ok(after.includes(extensions), after);
      assert.match(after, /^\s+lmdiff v\S+ enabled OK \(npm, lmdiff\)$/m);
    } finally {
      const u = lmdiff(["jupyter", "uninstall", "--prefix", prefix]);
      assert.equal(u.code, 0, u.err);
    }
    assert.doesNotMatch(await list(), /^\s+lmdiff\b/m);
  },
);
