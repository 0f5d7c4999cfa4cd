#!/usr/bin/env bash
# The whole test suite: installs what is missing, builds, lints, then runs the Node
# tests (core, engine, render, CLI), the package test (test/package: the
# packed tarball installed into a fresh project) and the browser tests (karma
# in Debian's headless Chromium).  Ends with one "N passed, N failed" line.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
npm run build --silent || exit 1
mkdir -p test-output
# Lint first (typescript-eslint with types, Prettier, a type check of tests
# and benchmarks): a finding counts as one failure and fails the command.
npm run lint --silent
lint_rc=$?
node --import tsx --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination=test-output/node.tap \
  test/core/*.test.ts test/engine/*.test.ts test/api/*.test.ts test/render/*.test.ts test/cli/*.test.ts \
  test/server/*.test.ts test/export/*.test.ts test/notebook/*.test.ts test/jupyterlab/*.test.ts test/bench/*.test.ts test/faults/*.test.ts
node_rc=$?
pass=$(grep -m1 -E '^# pass ' test-output/node.tap | awk '{print $3}')
fail=$(grep -m1 -E '^# fail ' test-output/node.tap | awk '{print $3}')
# The package as users install it (test/package): packed from the lib/ just
# built, installed offline into a fresh project and used from there.  About
# 1.5 minutes; bounded at 15.
rm -f test-output/package.tap
timeout --kill-after=30 900 node --import tsx --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination=test-output/package.tap test/package/*.test.ts
package_rc=$?
ppass=$(grep -m1 -E '^# pass ' test-output/package.tap 2>/dev/null | awk '{print $3}')
pfail=$(grep -m1 -E '^# fail ' test-output/package.tap 2>/dev/null | awk '{print $3}')
[ "$package_rc" = 0 ] || [ "${pfail:-0}" != 0 ] || pfail=1   # killed or crashed before its summary
pass=$(( ${pass:-0} + ${ppass:-0} ))
fail=$(( ${fail:-0} + ${pfail:-0} ))
[ "$lint_rc" = 0 ] && pass=$(( pass + 1 )) || fail=$(( fail + 1 ))
karma_rc=0
if [ -f karma.conf.cjs ]; then
  CHROME_BIN="${CHROME_BIN:-/usr/bin/chromium}" npx karma start karma.conf.cjs 2>&1 | tee test-output/karma.log
  karma_rc=${PIPESTATUS[0]}
  kline=$(grep -E 'Executed [0-9]+ of [0-9]+' test-output/karma.log | tail -1)
  kpass=$(echo "$kline" | sed -nE 's/.*Executed ([0-9]+) of ([0-9]+).*/\1/p')
  kfail=$(echo "$kline" | sed -nE 's/.*\(([0-9]+) FAILED\).*/\1/p')
  pass=$(( ${pass:-0} + ${kpass:-0} - ${kfail:-0} ))
  fail=$(( ${fail:-0} + ${kfail:-0} ))
fi
echo "${pass:-0} passed, ${fail:-0} failed"
[ "$lint_rc" = 0 ] && [ "$node_rc" = 0 ] && [ "$package_rc" = 0 ] && [ "$karma_rc" = 0 ]
