import { execFileSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { LmdiffError } from "../core/LmdiffError.js";

/** Where `lmdiff jupyter install|uninstall` puts the extension: at most one of these, as commander gives them. */
export interface JupyterTargetOptions {
  user?: boolean;
  sysPrefix?: boolean;
  prefix?: string;
}

/**
 * The Jupyter data folder (the one holding labextensions/) that the options
 * name, as Jupyter's own `--user`, `--sys-prefix` and `--prefix` do:
 *
 * - `--prefix DIR`: DIR/share/jupyter.
 * - `--sys-prefix`: the active environment's share/jupyter ($VIRTUAL_ENV,
 *   else $CONDA_PREFIX), else that of the `python3` on PATH, which is the
 *   Python a plain `jupyter lab` most likely runs on.
 * - `--user`: the per-user data folder of jupyter_core's jupyter_data_dir().
 *
 * With none, an active environment wins (that is where its JupyterLab looks
 * first among the non-user folders, and it keeps the install inside the
 * environment), else the per-user folder.  `env` and `platform` are
 * parameters so that every case can be tested without touching the process.
 */
export function jupyterDataDir(
  o: JupyterTargetOptions,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const given = [o.user && "--user", o.sysPrefix && "--sys-prefix", o.prefix !== undefined && "--prefix DIR"].filter(Boolean);
  if (given.length > 1)
    throw new LmdiffError(`use only one of --user, --sys-prefix and --prefix DIR (got ${given.join(" and ")})`, "bad-option");
  if (o.prefix !== undefined) {
    if (o.prefix === "") throw new LmdiffError('invalid --prefix "" (expected a folder)', "bad-option");
    return path.resolve(o.prefix, "share", "jupyter");
  }
  if (o.sysPrefix || (!o.user && activeEnvironment(env))) return path.join(sysPrefix(env), "share", "jupyter");
  return userDataDir(env, platform);
}

/** The prefix of the activated venv or conda environment, if any. */
function activeEnvironment(env: NodeJS.ProcessEnv): string | undefined {
  return env.VIRTUAL_ENV || env.CONDA_PREFIX || undefined;
}

/** sys.prefix of the active environment, else of the `python3` on PATH. */
function sysPrefix(env: NodeJS.ProcessEnv): string {
  const active = activeEnvironment(env);
  if (active) return active;
  let out: string;
  try {
    // With `env` given, Node looks python3 up on env.PATH, not on the process's.
    out = execFileSync("python3", ["-c", "import sys; print(sys.prefix)"], {
      env,
      encoding: "utf8",
      timeout: 15_000,
      stdio: ["ignore", "pipe", "ignore"],
      windowsHide: true,
    });
  } catch {
    throw new LmdiffError(
      "--sys-prefix: no active environment ($VIRTUAL_ENV, $CONDA_PREFIX) and no working python3 on PATH to ask; use --prefix DIR (the sys.prefix of JupyterLab's Python) or --user",
      "no-python",
    );
  }
  const prefix = out.trim();
  if (!prefix) throw new LmdiffError("--sys-prefix: python3 printed no sys.prefix; use --prefix DIR or --user", "no-python");
  return prefix;
}

/**
 * jupyter_core's jupyter_data_dir(): $JUPYTER_DATA_DIR, else the platform's
 * per-user folder (jupyter_core/paths.py; its JUPYTER_PLATFORM_DIRS opt-in
 * to platformdirs is not followed).
 */
function userDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  if (env.JUPYTER_DATA_DIR) return env.JUPYTER_DATA_DIR;
  // Python's expanduser("~") reads $HOME on POSIX, as os.homedir() does.
  const home = (platform !== "win32" && env.HOME) || os.homedir();
  if (platform === "darwin") return path.join(home, "Library", "Jupyter");
  if (platform === "win32") {
    // Jupyter falls back to its config folder's data/ when %APPDATA% is unset.
    if (env.APPDATA) return path.win32.join(env.APPDATA, "jupyter");
    return path.win32.join(env.JUPYTER_CONFIG_DIR || path.win32.join(home, ".jupyter"), "data");
  }
  return path.join(env.XDG_DATA_HOME || path.join(home, ".local", "share"), "jupyter");
}
