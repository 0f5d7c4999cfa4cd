import * as path from "node:path";
import type { Command } from "commander";
import { packageRoot } from "../engine/paths.js";
import { isQuiet } from "./globalOptions.js";
import { installLabextension, LABEXTENSION_NAME, uninstallLabextension } from "./installLabextension.js";
import { jupyterDataDir, type JupyterTargetOptions } from "./jupyterDataDir.js";

/** The options of `lmdiff jupyter install`, as commander gives them. */
type InstallCliOptions = JupyterTargetOptions & { source?: string };

const WHERE_HELP = `
Where: --prefix DIR installs into DIR/share/jupyter; --sys-prefix into the active
environment ($VIRTUAL_ENV, else $CONDA_PREFIX, else the sys.prefix of python3 on
PATH); --user into Jupyter's per-user data folder ($JUPYTER_DATA_DIR, else
~/.local/share/jupyter, ~/Library/Jupyter or %APPDATA%\\jupyter).  Without any,
--sys-prefix when a venv or conda environment is active, else --user.`;

/** The --user, --sys-prefix and --prefix options, shared by install and uninstall. */
function targetOptions(command: Command): Command {
  return command
    .option("--user", "Jupyter's per-user data folder")
    .option("--sys-prefix", "the active Python environment's share/jupyter")
    .option("--prefix <dir>", "DIR/share/jupyter, e.g. the prefix of the Python that runs JupyterLab")
    .addHelpText("after", WHERE_HELP);
}

/**
 * `lmdiff jupyter install|uninstall`: put the prebuilt JupyterLab 4
 * extension (lib/labextension) where JupyterLab finds it, so that notebook
 * outputs of lmdiff render as live widgets; no Python package needed.
 */
export function jupyterCommand(program: Command): void {
  const jupyter = program.command("jupyter").description("install or remove the lmdiff JupyterLab extension");
  targetOptions(
    jupyter
      .command("install")
      .description("install the prebuilt JupyterLab 4 extension (replaces an earlier install by lmdiff)")
      .option("--source <dir>", "the built extension to install (default: lib/labextension of this package)"),
  ).action((o: InstallCliOptions) => {
    const source = o.source ?? path.join(packageRoot(), "lib", "labextension");
    const target = installLabextension(source, jupyterDataDir(o));
    process.stdout.write(`installed the ${LABEXTENSION_NAME} JupyterLab extension in ${target}\n`);
    if (!isQuiet(program)) process.stderr.write(`restart JupyterLab; jupyter labextension list should show ${LABEXTENSION_NAME} enabled\n`);
  });
  targetOptions(jupyter.command("uninstall").description("remove the JupyterLab extension that lmdiff jupyter install put there")).action(
    (o: JupyterTargetOptions) => {
      const dataDir = jupyterDataDir(o);
      const target = uninstallLabextension(dataDir);
      if (target === undefined) {
        const where = path.join(dataDir, "labextensions", LABEXTENSION_NAME);
        process.stdout.write(`the ${LABEXTENSION_NAME} JupyterLab extension is not installed in ${where}; nothing to remove\n`);
        return;
      }
      process.stdout.write(`removed the ${LABEXTENSION_NAME} JupyterLab extension from ${target}\n`);
      if (!isQuiet(program)) process.stderr.write("restart JupyterLab to unload it\n");
    },
  );
}
