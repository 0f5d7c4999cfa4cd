// Writes lib/esm/index.js: an ES module that re-exports the CommonJS build.
// One implementation serves both `import` and `require`, so classes such as
// Model are the same objects whichever way a user loads lmdiff (no dual
// package hazard), and the CommonJS build can use __dirname to find the
// bundled models.
const fs = require("node:fs");
const path = require("node:path");
const root = path.join(__dirname, "..");
const cjs = require(path.join(root, "lib/cjs/index.js"));
const names = Object.keys(cjs).filter((n) => n !== "default" && n !== "__esModule");
const out = path.join(root, "lib/esm");
fs.mkdirSync(out, { recursive: true });
fs.writeFileSync(path.join(out, "package.json"), JSON.stringify({ type: "module" }) + "\n");
fs.writeFileSync(
  path.join(out, "index.js"),
  `import cjs from "../cjs/index.js";\nexport const { ${names.join(", ")} } = cjs;\nexport default cjs;\n`,
);
