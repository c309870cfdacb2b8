#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (Swift's -sanitize=fuzzer,address) and runs each on its
# seed corpus fuzz/corpus/<target> for SECONDS (default 300), two at a time on the two cores.
# Prints executions, executions per second and crashes per target; a crash's input is kept as
# fuzz/crashes/<target>/crash-* (make it a regression test). Exit 1 when any target crashed.
# FUZZ_NO_BUILD=1 reuses the last build (when it was just made under the build lock).
#   bench/fuzz.sh [SECONDS] [TARGET…]      e.g. bench/fuzz.sh 20 (the CI smoke pass)
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${1:-300}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzJSON FuzzIDX FuzzNPY FuzzNDJSON FuzzPNG FuzzCheckpoint FuzzActivations FuzzEmbedding)
build_started=$(date +%s)
mkdir -p .build
flags=(-c release -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)
# SwiftPM links an executable with `main` renamed to <Target>_main, which clashes with the
# `main` that -sanitize=fuzzer links in; so SwiftPM only compiles each target (--target) and
# this script links it with libFuzzer's library without a main (the target's <Target>_main
# starts libFuzzer's driver, see fuzz/Harness/FuzzInput).
if [ -z "${FUZZ_NO_BUILD:-}" ]; then
    build() { for t in "${targets[@]}"; do swift build "${flags[@]}" --target "$t" || return 1; done; }
    export -f build 2>/dev/null || true
    flock /tmp/cnn-build.lock bash -c "$(declare -p flags targets); $(declare -f build); build" >.build/fuzz-build.log 2>&1 \
        || { tail -30 .build/fuzz-build.log >&2; exit 1; }
fi
objects=$(swift build "${flags[@]}" --show-bin-path)
runtime=$(dirname "$(dirname "$(command -v swiftc)")")/lib/clang
no_main=$(find "$runtime" -name 'libclang_rt.fuzzer_no_main-x86_64.a' | head -1)
bin=.build/fuzzers
mkdir -p "$bin"
for t in "${targets[@]}"; do
    libs=$(find "$objects" -path "$objects/Fuzz*.build" -prune -o -name '*.o' -print | grep -v '/Fuzz')
    swiftc -use-ld=lld -sanitize=address "$objects/$t.build/"*.o "$objects/FuzzInput.build/"*.o $libs "$no_main" -lstdc++ \
        -L/usr/lib/x86_64-linux-gnu/hdf5/serial -lhdf5 -lcairo -lz -lopenblas \
        -Xlinker --defsym -Xlinker "main=${t}_main" -o "$bin/$t" 2>>.build/fuzz-build.log || { tail -20 .build/fuzz-build.log >&2; exit 1; }
done
echo "built ${#targets[@]} targets in $(( $(date +%s) - build_started )) s"
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

run() {
    local t=$1 work
    work=$(mktemp -d)
    mkdir -p "crashes/$t"
    # New inputs go to a scratch corpus; the committed seeds stay as they are.
    "$bin/$t" "$work" "corpus/$t" -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=2048 \
        -timeout=10 -artifact_prefix="crashes/$t/" >"$logs/$t.log" 2>&1 || true
    rm -rf "$work"
}

for ((k = 0; k < ${#targets[@]}; k += 2)); do
    run "${targets[k]}" &
    [ $((k + 1)) -lt ${#targets[@]} ] && run "${targets[k + 1]}" &
    wait
done

status=0
printf '%-16s %12s %10s %8s\n' target executions "exec/s" crashes
for t in "${targets[@]}"; do
    runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$logs/$t.log" | grep -o '[0-9]*$' || true)
    [ -n "$runs" ] || runs=$(grep -o 'Done [0-9]* runs' "$logs/$t.log" | grep -o '[0-9]*' || echo "?")
    rate=$(grep -o 'stat::average_exec_per_sec: [0-9]*' "$logs/$t.log" | grep -o '[0-9]*$' || echo "?")
    crashes=$(ls "crashes/$t" 2>/dev/null | grep -c -E '^(crash|leak|oom|timeout)-' || true)
    printf '%-16s %12s %10s %8s\n' "$t" "$runs" "$rate" "$crashes"
    if [ "$crashes" != 0 ]; then
        status=1
        grep -m3 -E 'ERROR|Fatal error|SUMMARY' "$logs/$t.log" | sed "s/^/  $t: /" || true
    fi
done
exit $status
