#!/usr/bin/env bash
# npm run release: everything before publishing a version of lmdiff.
#  1. The version agrees in package.json, src/version.ts and CHANGELOG.md,
#     and no notes wait under Unreleased (scripts/sync-version.cjs --check;
#     `npm version patch|minor|major` gets there).
#  2. The working tree is committed (--allow-dirty skips this check).
#  3. npm test: installs what is missing, builds, runs every test, and the
#     package test packs the tarball into dist/, installs it into a fresh
#     project offline and uses it from there.
# It publishes nothing: it ends with the tested tarball and the command that
# publishes exactly that file.
set -euo pipefail
cd "$(dirname "$0")/.."

node scripts/sync-version.cjs --check
if [ "${1:-}" != "--allow-dirty" ] && [ -n "$(git status --porcelain 2>/dev/null)" ]; then
  echo "lmdiff: the working tree has uncommitted changes; commit them first (or pass --allow-dirty)" >&2
  exit 1
fi

version=$(node -p 'require("./package.json").version')
rm -rf dist
mkdir -p dist
LMDIFF_PACK_DIR=dist npm test
tarball="dist/lmdiff-$version.tgz"
[ -f "$tarball" ] || { echo "lmdiff: the package test did not leave $tarball" >&2; exit 1; }
echo "lmdiff: $tarball is built, tested and packed ($(du -h "$tarball" | cut -f1), sha256 $(sha256sum "$tarball" | cut -c1-16)…)"
echo "lmdiff: publish it with:  npm publish $tarball && git push --follow-tags   (npm version made the tag v$version)"
