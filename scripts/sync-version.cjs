// Keeps lmdiff's version in step in its three places: package.json (the
// source), src/version.ts (recorded in every cache and results file) and
// CHANGELOG.md (a section per released version).
//
//   node scripts/sync-version.cjs           npm's "version" step (npm version patch|minor|major):
//                                           writes src/version.ts and files the notes under
//                                           "## [Unreleased]" as "## [X.Y.Z] - DATE"
//   node scripts/sync-version.cjs --check   npm run release: fails, saying what to do, unless the
//                                           three agree and no notes wait under Unreleased
const fs = require("node:fs");
const path = require("node:path");
const { execFileSync } = require("node:child_process");

const root = path.join(__dirname, "..");
const versionFile = path.join(root, "src/version.ts");
const changelogFile = path.join(root, "CHANGELOG.md");
const version = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version;

function fail(message) {
  console.error(`lmdiff: ${message}`);
  process.exit(1);
}

if (!/^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/.test(version))
  fail(`package.json's version ${JSON.stringify(version)} is not a semantic version`);

const changelog = fs.readFileSync(changelogFile, "utf8");
const unreleased = /^## \[Unreleased\]\n([\s\S]*?)(?=^## \[)/m.exec(changelog);
if (!unreleased) fail('CHANGELOG.md has no "## [Unreleased]" section above the released versions');
const pending = unreleased[1].trim() !== "";
const escaped = version.replace(/[.+-]/g, "\\$&");
const hasSection = new RegExp(`^## \\[${escaped}\\] - \\d{4}-\\d{2}-\\d{2}$`, "m").test(changelog);
const source = `/** The lmdiff version, recorded in every cache and results file (kept equal to package.json's by scripts/sync-version.cjs). */\nexport const VERSION = "${version}";\n`;

if (process.argv.includes("--check")) {
  const recorded = /VERSION = "([^"]*)"/.exec(fs.readFileSync(versionFile, "utf8"))?.[1];
  if (recorded !== version) fail(`src/version.ts says ${recorded}, package.json ${version}; run node scripts/sync-version.cjs`);
  if (pending)
    fail("CHANGELOG.md has notes under Unreleased: run npm version patch, minor or major first (it files them under the new version)");
  if (!hasSection) fail(`CHANGELOG.md has no "## [${version}] - YYYY-MM-DD" section`);
  process.exit(0);
}

if (hasSection) fail(`CHANGELOG.md already has a section for ${version}`);
if (!pending) fail(`CHANGELOG.md has no notes under Unreleased to release as ${version}; write them first`);
const epoch = process.env.SOURCE_DATE_EPOCH ? Number(process.env.SOURCE_DATE_EPOCH) * 1000 : Date.now();
const date = new Date(epoch).toISOString().slice(0, 10);
fs.writeFileSync(changelogFile, changelog.replace(/^## \[Unreleased\]\n/m, `## [Unreleased]\n\n## [${version}] - ${date}\n`));
fs.writeFileSync(versionFile, source);
console.error(`lmdiff: ${version}: src/version.ts written, CHANGELOG.md's Unreleased notes filed under ${date}`);
// Inside `npm version`, the files join the version commit.
if (process.env.npm_lifecycle_event === "version")
  execFileSync("git", ["add", versionFile, changelogFile], { cwd: root, stdio: "inherit" });
