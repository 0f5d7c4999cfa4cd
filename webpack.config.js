// Builds the browser bundles of the widgets (the Node build, tsc, skips src/widgets):
//  - lib/browser/lmdiff-widgets.js: one self-contained IIFE that registers the custom
//    elements and sets window.lmdiffWidgets.  Not UMD/AMD on purpose: the classic
//    Jupyter Notebook page loads RequireJS, which would capture a UMD bundle's define()
//    call and never run it as a plain script.
//  - lib/browser/anywidget.js: an ES module whose default export is anywidget's
//    { render }, loaded by the host with import().
const path = require("path");

const common = {
  mode: "production",
  devtool: false,
  resolve: {
    extensions: [".ts", ".js"],
    // Sources import "./x.js" (Node ESM style); let webpack find the .ts file.
    extensionAlias: { ".js": [".ts", ".js"] },
  },
  module: {
    rules: [
      {
        test: /\.ts$/,
        loader: "ts-loader",
        options: { configFile: path.resolve(__dirname, "tsconfig.browser.json"), transpileOnly: true },
      },
    ],
  },
  performance: { maxAssetSize: 200 * 1024, maxEntrypointSize: 200 * 1024, hints: "error" },
};

module.exports = [
  {
    ...common,
    name: "iife",
    entry: "./src/widgets/index.ts",
    output: {
      path: path.resolve(__dirname, "lib/browser"),
      filename: "lmdiff-widgets.js",
      iife: true,
      library: { name: "lmdiffWidgets", type: "window" },
    },
  },
  {
    ...common,
    name: "anywidget",
    entry: "./src/widgets/anywidget.ts",
    experiments: { outputModule: true },
    output: {
      path: path.resolve(__dirname, "lib/browser"),
      filename: "anywidget.js",
      module: true,
      library: { type: "module" },
    },
  },
];
