import * as fs from "node:fs";
import * as path from "node:path";
import { LmdiffError } from "../core/LmdiffError.js";
import { fileError } from "../engine/fileError.js";
import { processAlive } from "../engine/processAlive.js";
import { tempPath } from "../engine/tempFiles.js";

/** The extension's name: its folder under labextensions/, and the npm package that installs it. */
export const LABEXTENSION_NAME = "lmdiff";

/**
 * What JupyterLab shows for an installed prebuilt extension and how it says
 * to remove it: jupyterlab_server reads install.json beside the extension's
 * package.json (`jupyter labextension list` prints "(npm, lmdiff)").  Its
 * presence is also how lmdiff recognises a folder it installed itself.
 */
const INSTALL_JSON = {
  packageManager: "npm",
  packageName: LABEXTENSION_NAME,
  uninstallInstructions: "Run: lmdiff jupyter uninstall (with the same --user/--sys-prefix/--prefix option)",
};

/**
 * Install the prebuilt JupyterLab extension in `source` (lib/labextension
 * after `npm run build`) into DATA_DIR/labextensions/lmdiff and return that
 * folder.  A previous install by lmdiff is replaced; a folder of another
 * origin (a pip package, `jupyter labextension develop`) is left alone.
 *
 * The copy is made in a hidden sibling folder and renamed into place, and
 * an old install is moved aside only once the new copy is complete, so a
 * failed or interrupted install never leaves JupyterLab a half-copied
 * extension.  Hidden names matter: JupyterLab finds extensions by globbing
 * for package.json in the folders under labextensions/ (pattern `[!@]*`,
 * plus `@*` scopes), and Python's glob skips dot-folders.
 */
export function installLabextension(source: string, dataDir: string): string {
  checkBuilt(source);
  const parent = path.join(dataDir, "labextensions");
  const target = path.join(parent, LABEXTENSION_NAME);
  try {
    fs.mkdirSync(parent, { recursive: true });
  } catch (e) {
    throw writeError(e, parent);
  }
  removeAbandoned(parent);
  const existing = ownership(target);
  if (existing === "foreign")
    throw new LmdiffError(
      `${target} was not installed by lmdiff (${foreignReason(target)}); remove it yourself, or install elsewhere with --user, --sys-prefix or --prefix DIR`,
      "foreign-extension",
    );
  const fresh = hiddenTemp(parent);
  const old = existing === "ours" ? hiddenTemp(parent) : undefined;
  let moved = false;
  try {
    // dereference: the install must not depend on lmdiff's own folder staying where it is.
    fs.cpSync(source, fresh, { recursive: true, dereference: true, errorOnExist: true, force: false });
    fs.writeFileSync(path.join(fresh, "install.json"), JSON.stringify(INSTALL_JSON, null, 2) + "\n");
    if (old) {
      // A folder cannot be renamed over a non-empty one, so the old install
      // steps aside first; it is deleted only after the new one is in place.
      fs.renameSync(target, old);
      moved = true;
    }
    fs.renameSync(fresh, target);
  } catch (e) {
    try {
      fs.rmSync(fresh, { recursive: true, force: true });
      if (moved && old && !fs.existsSync(target)) fs.renameSync(old, target);
    } catch {
      // The first error is the one to report; a hidden leftover is removed by the next run.
    }
    throw writeError(e, target);
  }
  if (old) fs.rmSync(old, { recursive: true, force: true });
  return target;
}

/**
 * Remove DATA_DIR/labextensions/lmdiff if lmdiff installed it there, and
 * return that folder; undefined when nothing is installed there.  The
 * folder is first renamed to a hidden name, so JupyterLab never sees a
 * half-deleted extension.
 */
export function uninstallLabextension(dataDir: string): string | undefined {
  const parent = path.join(dataDir, "labextensions");
  const target = path.join(parent, LABEXTENSION_NAME);
  removeAbandoned(parent);
  const existing = ownership(target);
  if (existing === "none") return undefined;
  if (existing === "foreign")
    throw new LmdiffError(
      `${target} was not installed by lmdiff (${foreignReason(target)}); left in place, remove it yourself if you mean to`,
      "foreign-extension",
    );
  const doomed = hiddenTemp(parent);
  try {
    fs.renameSync(target, doomed);
  } catch (e) {
    throw writeError(e, target);
  }
  fs.rmSync(doomed, { recursive: true, force: true });
  return target;
}

/** Refuse, in one line, a source that is not a built JupyterLab extension of lmdiff. */
function checkBuilt(source: string): void {
  const notBuilt = (why: string) => new LmdiffError(`the JupyterLab extension is not built (${why}): run npm run build`, "not-built");
  if (!fs.existsSync(source)) throw notBuilt(`${source} is missing`);
  const pkgFile = path.join(source, "package.json");
  let pkg: { name?: unknown; jupyterlab?: { _build?: { load?: unknown } } };
  try {
    pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8")) as typeof pkg;
  } catch {
    throw notBuilt(`${pkgFile} is missing or unreadable`);
  }
  if (pkg?.jupyterlab === undefined) throw notBuilt(`${pkgFile} has no "jupyterlab" key`);
  const load = pkg.jupyterlab?._build?.load;
  if (typeof load !== "string") throw notBuilt(`${pkgFile} has no jupyterlab._build.load`);
  // JupyterLab loads the remote entry from the extension's static/ folder.
  const entry = path.resolve(source, load);
  if (path.relative(path.join(path.resolve(source), "static"), entry).startsWith("..") || !fs.existsSync(entry))
    throw notBuilt(`${path.join(source, load)}, named by jupyterlab._build.load, is missing from static/`);
  if (pkg.name !== LABEXTENSION_NAME)
    throw new LmdiffError(
      `${pkgFile} names ${JSON.stringify(pkg.name)}, not "${LABEXTENSION_NAME}": it is not lmdiff's JupyterLab extension`,
      "not-built",
    );
}

/** "none": nothing there; "ours": a folder whose install.json says lmdiff installed it; "foreign": anything else. */
function ownership(target: string): "none" | "ours" | "foreign" {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(target);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return "none";
    throw e;
  }
  // A symbolic link is what `jupyter labextension develop` makes: never ours.
  if (!stat.isDirectory()) return "foreign";
  try {
    const install = JSON.parse(fs.readFileSync(path.join(target, "install.json"), "utf8")) as Partial<typeof INSTALL_JSON>;
    // Both fields: a future pip package named lmdiff would say packageManager "python", and pip owns those files.
    return install?.packageName === INSTALL_JSON.packageName && install?.packageManager === INSTALL_JSON.packageManager
      ? "ours"
      : "foreign";
  } catch {
    return "foreign";
  }
}

/** Why a folder is not ours, in a few words for the error message. */
function foreignReason(target: string): string {
  if (fs.lstatSync(target).isSymbolicLink()) return "it is a symbolic link, as jupyter labextension develop makes";
  if (!fs.existsSync(path.join(target, "install.json"))) return "it has no install.json";
  return `its install.json does not name the npm package ${LABEXTENSION_NAME}`;
}

/** A hidden sibling folder name owned by this process: `.lmdiff.PID.SEQ.tmp`. */
function hiddenTemp(parent: string): string {
  return tempPath(path.join(parent, `.${LABEXTENSION_NAME}`));
}

const HIDDEN_TEMP = new RegExp(`^\\.${LABEXTENSION_NAME}\\.(\\d+)\\.[0-9a-z]+\\.tmp$`);

/** Remove the hidden folders left by installs or uninstalls that were killed midway. */
function removeAbandoned(parent: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(parent);
  } catch {
    return;
  }
  for (const n of names) {
    const m = HIDDEN_TEMP.exec(n);
    if (!m || processAlive(Number(m[1]))) continue;
    try {
      fs.rmSync(path.join(parent, n), { recursive: true, force: true });
    } catch {
      // Left for a later run: a leftover is hidden from JupyterLab and no reason to fail this one.
    }
  }
}

/** A failure to write the data folder as one line that says what to do. */
function writeError(e: unknown, file: string): unknown {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === "EACCES" || code === "EPERM" || code === "EROFS")
    return new LmdiffError(
      `cannot write ${file} (${code === "EROFS" ? "read-only file system" : "permission denied"}); install with --user, or with --prefix DIR for a folder you can write`,
      "cannot-write",
      403,
    );
  return fileError(e, file);
}
