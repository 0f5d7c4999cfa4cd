// Writes the ES module entries of the package, after tsc has built lib/cjs
// and lib/types:
//  - lib/esm/<entry>.js: an ES module that re-exports the CommonJS build of
//    one public entry ("lmdiff", "lmdiff/server", "lmdiff/render").  One
//    implementation serves both `import` and `require`, so classes such as
//    Model are the same objects whichever way a user loads lmdiff (no dual
//    package hazard), and the CommonJS build can use __dirname to find the
//    bundled models.
//  - lib/esm/<entry>.d.ts: its declarations as an ES module (lib/esm is
//    "type": "module"), re-exporting lib/types.  Without them TypeScript
//    under node16/nodenext would read lib/types as CommonJS declarations for
//    an ES module file, and a default import would be typed wrongly.
//  - lib/browser/package.json ("type": "module"): webpack's anywidget module
//    there is an ES module, and its declarations (lib/browser/types, from
//    tsconfig.widget.json) are ES module declarations.
//  - lib/browser/lmdiff-widgets.d.ts: the declarations of the custom
//    elements bundle (a script with no exports that sets window.lmdiffWidgets).
// package.json's "exports" names each of these files; test/package checks
// that every one exists in the packed tarball.
const fs = require("node:fs");
const path = require("node:path");
const root = path.join(__dirname, "..");

/** Public entries built by tsc: name in lib/esm → module under lib/cjs and lib/types. */
const ENTRIES = { index: "index", server: "server/index", render: "render/index" };

const out = path.join(root, "lib/esm");
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, "package.json"), JSON.stringify({ type: "module" }) + "\n");
for (const [name, mod] of Object.entries(ENTRIES)) {
  const cjs = require(path.join(root, "lib/cjs", `${mod}.js`));
  const names = Object.keys(cjs).filter((n) => n !== "default" && n !== "__esModule");
  fs.writeFileSync(
    path.join(out, `${name}.js`),
    `import cjs from "../cjs/${mod}.js";\nexport const { ${names.join(", ")} } = cjs;\nexport default cjs;\n`,
  );
  fs.writeFileSync(
    path.join(out, `${name}.d.ts`),
    `export * from "../types/${mod}.js";\nimport * as cjs from "../types/${mod}.js";\nexport default cjs;\n`,
  );
}

const browser = path.join(root, "lib/browser");
fs.mkdirSync(browser, { recursive: true });
fs.writeFileSync(path.join(browser, "package.json"), JSON.stringify({ type: "module" }) + "\n");
fs.writeFileSync(
  path.join(browser, "lmdiff-widgets.d.ts"),
  [
    "// The custom elements bundle: loading it (a <script> or a bare import) registers",
    "// <lmdiff-instance-view>, <lmdiff-global-view>, <lmdiff-token-card>, <lmdiff-download>",
    "// and <lmdiff-app>, and sets window.lmdiffWidgets.  It has no ES exports.",
    "export {};",
    "declare global {",
    "  interface Window {",
    '    lmdiffWidgets: typeof import("./types/widgets/index.js");',
    "  }",
    "}",
    "",
  ].join("\n"),
);
