import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { processAlive } from "../../src/engine/processAlive.ts";

const run = promisify(execFile);

/** The shared venv of the tests that need a real JupyterLab; test-output/ is ignored by git. */
export const JUPYTERLAB_VENV = path.join(__dirname, "..", "..", "test-output", "jupyterlab-venv");
/** The JupyterLab release the extension is built against (the @jupyterlab/* devDependencies). */
export const JUPYTERLAB_VERSION = "4.6.4";
/** The local package mirror; the tests that need JupyterLab are skipped where it is missing. */
export const PYPI_MIRROR = "/opt/pypi/simple";

/**
 * A Python venv with JupyterLab and ipywidgets, made on first use and
 * reused afterwards.  Returns its folder (VENV/bin/jupyter, VENV/bin/python).
 *
 * Packages come from the local mirrors only: with any other index pip
 * spends minutes retrying a network that cannot be reached.  The venv is
 * made with the `python3` first on PATH (pyenv's here; /usr/bin/python3 is
 * Debian's, whose venv module may be missing).  Several test files may ask
 * at once, so the first one holds a lock folder while it builds and the
 * others wait for it, then reuse what it made.
 */
export async function jupyterlabVenv(): Promise<string> {
  const venv = JUPYTERLAB_VENV;
  if (await usable(venv)) return venv;
  const release = await lock(`${venv}.lock`);
  try {
    // Another test file may have made it while this one waited.
    if (await usable(venv)) return venv;
    fs.rmSync(venv, { recursive: true, force: true });
    await run("python3", ["-m", "venv", venv], { timeout: 120_000 });
    await run(
      path.join(venv, "bin", "pip"),
      [
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--index-url",
        `file://${PYPI_MIRROR}`,
        "--extra-index-url",
        "file:///opt/pypi-more/simple",
        `jupyterlab==${JUPYTERLAB_VERSION}`,
        "ipywidgets",
      ],
      { timeout: 900_000, maxBuffer: 64 << 20 },
    );
    if (!(await usable(venv))) throw new Error(`jupyterlabVenv: ${venv} was made but has no JupyterLab ${JUPYTERLAB_VERSION}`);
    return venv;
  } finally {
    release();
  }
}

/** Whether the venv exists and holds the expected JupyterLab (a half-made venv from a killed run does not). */
async function usable(venv: string): Promise<boolean> {
  if (!fs.existsSync(path.join(venv, "bin", "jupyter"))) return false;
  try {
    await run(path.join(venv, "bin", "python"), ["-c", `import jupyterlab; assert jupyterlab.__version__=='${JUPYTERLAB_VERSION}'`], {
      timeout: 60_000,
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * Take a lock folder (mkdir is atomic), waiting while a live process holds
 * it; a lock left by a killed process is taken over.  Returns the release.
 */
export async function lock(dir: string): Promise<() => void> {
  const owner = path.join(dir, "pid");
  for (;;) {
    try {
      fs.mkdirSync(dir, { recursive: false });
      fs.writeFileSync(owner, String(process.pid));
      return () => fs.rmSync(dir, { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    if (abandoned(dir, owner)) fs.rmSync(dir, { recursive: true, force: true });
    else await new Promise((r) => setTimeout(r, 1000));
  }
}

/** A lock whose owner is gone, or that never got its owner's pid (killed between mkdir and write). */
function abandoned(dir: string, owner: string): boolean {
  try {
    const pid = Number(fs.readFileSync(owner, "utf8"));
    return Number.isInteger(pid) && pid > 0 && !processAlive(pid);
  } catch {
    // No pid yet: normal for a moment after mkdir, abandoned after a minute.
    try {
      return Date.now() - fs.statSync(dir).mtimeMs > 60_000;
    } catch {
      return false;
    }
  }
}
