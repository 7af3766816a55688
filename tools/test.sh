#!/usr/bin/env bash
# The project's one test command (README, .ci/run): installs what the tests
# need on a fresh machine, runs the checks and the tests, and ends with the
# line CI reads: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

# Without them the tests that need them fail and say so; the rest still run.
bash tools/needs.sh strace cc
[ -x node_modules/.bin/deno ] || npm ci --no-fund --no-audit --loglevel=error
deno=node_modules/.bin/deno

failed_checks=0
check() {
  if "$@" >/tmp/systape-check.$$ 2>&1; then echo "check ok: ${*:2}"
  else echo "check FAILED: ${*:2}"; cat /tmp/systape-check.$$; failed_checks=$((failed_checks + 1)); fi
  rm -f /tmp/systape-check.$$
}
check "$deno" fmt --check
check "$deno" lint
check "$deno" check mod.ts src/ tests/ tools/ bench/
check "$deno" doc --lint mod.ts
check "$deno" publish --dry-run --allow-dirty

log=$(mktemp)
NO_COLOR=1 "$deno" test -A --parallel --doc mod.ts src/ tests/ "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

summary=$(grep -E '^(ok|FAILED) \| [0-9]+ passed' "$log" | tail -n 1)
passed=$(echo "$summary" | sed -E 's/.* ([0-9]+) passed.*/\1/')
failed=$(echo "$summary" | sed -E 's/.*\| ([0-9]+) failed.*/\1/')
rm -f "$log"
[ -n "$passed" ] || passed=0
[ -n "$failed" ] || failed=$(( status == 0 ? 0 : 1 ))
failed=$((failed + failed_checks))
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed_checks" -eq 0 ]
