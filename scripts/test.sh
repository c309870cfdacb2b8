#!/usr/bin/env bash
# Sets up the machine and runs the whole test suite (the README's second command).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build --build-tests
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# All tests are XCTest; Swift Testing's empty run would otherwise print the last summary line.
swift test --skip-build --disable-swift-testing 2>&1 | tee "$log"
summary=$(grep -E 'Executed [0-9]+ tests?, with' "$log" | tail -1)
total=$(echo "$summary" | sed -E 's/.*Executed ([0-9]+) tests?.*/\1/')
failed=$(echo "$summary" | sed -E 's/.*with ([0-9]+) failures?.*/\1/')
skipped=$(echo "$summary" | grep -oE '[0-9]+ tests? skipped' | grep -oE '^[0-9]+' || echo 0)
echo "$((total - failed - skipped)) passed, $failed failed, $skipped skipped"
