#!/usr/bin/env bash
# Builds the libFuzzer targets of fuzz/ (Swift's -sanitize=fuzzer,address) and runs each on its
# seed corpus fuzz/corpus/<target> for SECONDS (default 300), one at a time under `nice -n 10`
# (the build runs under the shared build lock /tmp/cnn-build.lock, so a machine shared with
# other builds and benchmarks stays usable). Prints per target the seconds, executions,
# executions per second, the kept inputs that crash in the project's own code ("crashes": make
# each a regression test, then fix it) and those that crash inside libhdf5 (see fuzz/README.md,
# Findings); the inputs stay in fuzz/crashes/<target>/. Exit 1 when the project's code crashed.
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
    flock /tmp/cnn-build.lock nice -n 10 bash -c "$(declare -p flags targets); $(declare -f build); build" >.build/fuzz-build.log 2>&1 \
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
        -L/usr/lib/x86_64-linux-gnu/hdf5/serial -lhdf5 -lcairo -lz -lopenblas -lcrypto \
        -Xlinker --defsym -Xlinker "main=${t}_main" -o "$bin/$t" 2>>.build/fuzz-build.log || { tail -20 .build/fuzz-build.log >&2; exit 1; }
done
echo "built ${#targets[@]} targets in $(( $(date +%s) - build_started )) s"
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
export SWIFT_BACKTRACE=enable=no     # libFuzzer and AddressSanitizer report crashes, not Swift's backtracer
# No leak reports: Foundation's Data(contentsOf:) leaks 4 kB reading an empty file, which is no
# crash and not the project's code.
export ASAN_OPTIONS=detect_leaks=0
options=(-rss_limit_mb=2048 -timeout=10 -detect_leaks=0)

# Runs target $1 for $seconds. libFuzzer's fork mode keeps fuzzing after a crash, an
# out-of-memory or a timeout (each input is kept in crashes/<target>/, emptied first), so every
# target gets its full time even while libhdf5 keeps crashing on damaged files.
run() {
    local t=$1 work
    work=$(mktemp -d)
    rm -rf "crashes/$t"
    mkdir -p "crashes/$t"
    # New inputs go to a scratch corpus; the committed seeds stay as they are.
    nice -n 10 "$bin/$t" "$work" "corpus/$t" -fork=1 -ignore_crashes=1 -ignore_ooms=1 -ignore_timeouts=1 \
        -max_total_time="$seconds" "${options[@]}" -artifact_prefix="crashes/$t/" >"$logs/$t.log" 2>&1 || true
    rm -rf "$work"
}

# Where a kept input crashes when replayed: "ours" (the first frame below libFuzzer and the
# sanitizers is the project's code, or a Swift runtime check), "libhdf5", or "none" (it did not
# crash again).
triage() {
    local t=$1 input=$2 out frame
    out=$(nice -n 10 "$bin/$t" "${options[@]}" "$input" 2>&1) && { echo none; return; }
    frame=$(grep -E '^ *#[0-9]+ 0x' <<<"$out" | grep -v -E 'compiler-rt|libFuzzer|sanitizer|libc\.so|/libgcc' | head -1)
    if grep -q 'libhdf5' <<<"$frame"; then echo libhdf5; else echo ours; fi
}

for t in "${targets[@]}"; do run "$t"; done

status=0
printf '%-16s %8s %12s %8s %8s %8s\n' target seconds executions "exec/s" crashes libhdf5
for t in "${targets[@]}"; do
    runs=$(grep -o -E '^#[0-9]+' "$logs/$t.log" | tail -1 | tr -d '#')
    ours=0 hdf5=0
    for input in "crashes/$t"/*; do
        [ -f "$input" ] || continue
        case $(triage "$t" "$input") in
            ours) ours=$((ours + 1)); echo "  $t: crash in the project's code: $input" >&2 ;;
            libhdf5) hdf5=$((hdf5 + 1)) ;;
            none) rm -f "$input" ;;     # did not reproduce (a fork-mode job that died for another reason)
        esac
    done
    printf '%-16s %8s %12s %8s %8s %8s\n' "$t" "$seconds" "${runs:-?}" "$(( ${runs:-0} / seconds ))" "$ours" "$hdf5"
    [ "$ours" = 0 ] || status=1
done
exit $status
