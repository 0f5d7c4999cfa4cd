#!/usr/bin/env node
// Builds the prebuilt JupyterLab 4 extension into lib/labextension/ from npm
// alone: @jupyterlab/builder's build-labextension, with @jupyterlab/core-meta's
// core.package.json as the description of the JupyterLab it plugs into (the
// shared packages and their versions).  No Python, no jlpm.
//
// The builder reads an extension package (a folder with a package.json and a
// "jupyterlab" key); lmdiff's own package.json cannot be it, because the builder
// shares every dependency it lists with the page (onnxruntime-node, commander…).
// So this writes a small one into lib/jupyterlab/ whose entry points are the
// TypeScript sources in src/jupyterlab/, compiled by ts-loader through the
// builder's custom webpack config hook.  `lmdiff jupyter install` copies the
// result into a Jupyter data directory.
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");

const root = path.join(__dirname, "..");
const pkgDir = path.join(root, "lib", "jupyterlab");
const coreDir = path.join(pkgDir, "core");
const rootPkg = require(path.join(root, "package.json"));
const rel = (p) => path.relative(pkgDir, path.join(root, p)).split(path.sep).join("/");

fs.rmSync(pkgDir, { recursive: true, force: true });
fs.mkdirSync(coreDir, { recursive: true });
fs.copyFileSync(require.resolve("@jupyterlab/core-meta/core.package.json"), path.join(coreDir, "package.json"));
fs.writeFileSync(
  path.join(pkgDir, "package.json"),
  JSON.stringify(
    {
      name: "lmdiff",
      version: rootPkg.version,
      description: "lmdiff's JupyterLab extension: live lmdiff views in notebooks, trusted or not.",
      license: rootPkg.license,
      private: true,
      main: rel("src/jupyterlab/mimeExtension.ts"),
      // Imported at run time and not part of JupyterLab's core: each is shared with the page.
      dependencies: { "@jupyter-widgets/base": "^6.0.0" },
      jupyterlab: {
        mimeExtension: rel("src/jupyterlab/mimeExtension.ts"),
        extension: rel("src/jupyterlab/plugin.ts"),
        outputDir: "../labextension",
        webpackConfig: "./webpack.extra.cjs",
        // The widget manager's own copy (jupyterlab_widgets): models must come from the one registry.
        sharedPackages: { "@jupyter-widgets/base": { bundled: false, singleton: true } },
      },
    },
    null,
    2,
  ) + "\n",
);
fs.writeFileSync(
  path.join(pkgDir, "webpack.extra.cjs"),
  `// Written by scripts/build-labextension.cjs: compile lmdiff's TypeScript sources.
module.exports = {
  resolve: { extensions: [".ts", ".js"], extensionAlias: { ".js": [".ts", ".js"] } },
  module: {
    rules: [
      {
        test: /\\.ts$/,
        loader: ${JSON.stringify(require.resolve("ts-loader"))},
        options: { configFile: ${JSON.stringify(path.join(root, "tsconfig.browser.json"))}, transpileOnly: true },
      },
    ],
  },
};
`,
);
execFileSync(process.execPath, [require.resolve("@jupyterlab/builder/lib/build-labextension.js"), "--core-path", coreDir, pkgDir], {
  stdio: ["ignore", "ignore", "inherit"],
  cwd: root,
});
const built = require(path.join(root, "lib", "labextension", "package.json"));
if (!built.jupyterlab?._build?.load) throw new Error("build-labextension wrote no remote entry");
