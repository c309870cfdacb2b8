#!/usr/bin/env bash
# Sets up the machine and runs the whole test suite (the README's second command): the Swift
# tests (XCTest), the Python recorder's tests (pytest, scripts/test-python.sh), the
# interactive page's browser tests (pytest + headless Chromium, scripts/test-browser.sh) and the
# wheel's end-to-end check (scripts/test-wheel.sh).
# Prints each runner's own summary, then one plain line adding them up; exits non-zero when
# any test failed or a runner could not run.
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh || exit 1
swift build --build-tests || exit 1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
passed=0; failed=0; skipped=0; status=0

# All Swift tests are XCTest; Swift Testing's empty run would otherwise print the last summary line.
swift test --skip-build --disable-swift-testing 2>&1 | tee "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
summary=$(grep -E 'Executed [0-9]+ tests?, with' "$log" | tail -1)
if [ -n "$summary" ]; then
    total=$(echo "$summary" | sed -E 's/.*Executed ([0-9]+) tests?.*/\1/')
    f=$(echo "$summary" | sed -E 's/.*with ([0-9]+) failures?.*/\1/')
    s=$(echo "$summary" | grep -oE '[0-9]+ tests? skipped' | grep -oE '^[0-9]+' || echo 0)
    passed=$((passed + total - f - s)); failed=$((failed + f)); skipped=$((skipped + s))
else
    status=1
fi

# pytest's "N passed, M failed, K skipped in T s" line, from each Python runner.
count_pytest() {
    local line
    line=$(grep -E '^[=[:space:]]*[0-9]+ (passed|failed)' "$log" | tail -1)
    [ -n "$line" ] || { status=1; return; }
    passed=$((passed + $(echo "$line" | grep -oE '[0-9]+ passed' | grep -oE '^[0-9]+' || echo 0)))
    failed=$((failed + $(echo "$line" | grep -oE '[0-9]+ failed' | grep -oE '^[0-9]+' || echo 0) + $(echo "$line" | grep -oE '[0-9]+ errors?' | grep -oE '^[0-9]+' || echo 0)))
    skipped=$((skipped + $(echo "$line" | grep -oE '[0-9]+ skipped' | grep -oE '^[0-9]+' || echo 0)))
}
export CNN_TIMELAPSE_BIN=$PWD/.build/debug
scripts/test-python.sh 2>&1 | tee "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
count_pytest
scripts/test-browser.sh 2>&1 | tee "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
count_pytest
# The wheel as a user installs it (release build, fresh venv, no Swift on any path); its last
# line is "N passed, M failed" like pytest's.
scripts/test-wheel.sh 2>&1 | tee "$log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
count_pytest

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] || status=1
exit $status
