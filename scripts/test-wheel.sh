#!/usr/bin/env bash
# Checks the wheel as a user gets it: builds it (scripts/build-wheel.sh), installs it into a
# fresh venv, and from a shell where Swift, .build and the repository are on no path (env -i
# with a minimal PATH, a temporary folder; and, where mounting is permitted, a mount namespace
# in which the repository and the Swift toolchain are hidden under empty folders):
#   1. ldd finds every library of the programs inside the wheel or in the base system (glibc);
#   2. each program starts (--help);
#   3. a tiny PyTorch model is recorded with cnn_timelapse.Recorder;
#   4. `cnn-timelapse make` turns it into a video (with subtitles), a poster and a page.
# torch comes from the project venv (scripts/setup-python.sh) through a .pth file placed after
# the fresh venv's own packages: installing torch afresh would take most of CI's time.
# The last line is "N passed, M failed", as pytest's summary, for scripts/test.sh.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
project_python=$(scripts/setup-python.sh | tail -1)
work=$(mktemp -d /tmp/cnn-timelapse-wheel.XXXXXX)
trap 'rm -rf "$work"' EXIT
start=$SECONDS
wheel=$(scripts/build-wheel.sh "$work/dist" | tail -1)
if [ ! -f "$wheel" ]; then echo "test-wheel: building the wheel failed"; echo "0 passed, 1 failed"; exit 1; fi
echo "test-wheel: built $(basename "$wheel") ($(du -m "$wheel" | cut -f1) MB) in $((SECONDS - start)) s"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q "$wheel" || { echo "test-wheel: pip install failed"; echo "0 passed, 1 failed"; exit 1; }
torch_site=$("$project_python" -c 'import os, torch; print(os.path.dirname(os.path.dirname(torch.__file__)))')
site=$("$work/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
echo "$torch_site" > "$site/zz-project-torch.pth"

cat > "$work/check.sh" <<'CHECK'
# Runs with env -i: PATH is the venv's bin and the system's.
passed=0; failed=0
check() { if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "test-wheel: FAILED: $*"; fi; }
cd "$(mktemp -d)"
package=$(python -c 'import cnn_timelapse, os; print(os.path.dirname(cnn_timelapse.__file__))')
echo "test-wheel: cnn_timelapse at $package"
libraries_resolve() {
    local bad=0 f
    for f in "$package"/bin/timelapse "$package"/bin/umap-embed "$package"/bin/viz-render "$package"/lib/*; do
        ldd "$f" | awk -v pkg="$package/lib/" '
            {gsub("/bin/\\.\\./lib/", "/lib/", $3)}
            /not found/ {print "test-wheel: " FILENAME ": " $0; bad = 1}
            $2 == "=>" && $3 ~ /^\// && index($3, pkg) != 1 && $1 !~ /^(libc|libm|libpthread|libdl|librt|libresolv|libutil|ld-linux-x86-64)\.so/ {print "test-wheel: " $1 " comes from " $3 ", outside the wheel"; bad = 1}
            END {exit bad}' FILENAME="$f" || bad=1
    done
    return $bad
}
programs_start() { local p; for p in timelapse umap-embed viz-render; do "$package/bin/$p" --help > /dev/null || return 1; done; }
record() {
    mkdir -p runs/tiny && python - <<'PY'
import numpy as np, torch
from torch import nn
from cnn_timelapse import Recorder, Schedule
rng = np.random.default_rng(0)
def data(n):
    x = rng.random((n, 1, 8, 8)).astype(np.float32) * 0.3
    y = np.arange(n) % 3
    for i, k in enumerate(y):
        x[i, 0, (k // 2) * 4:(k // 2) * 4 + 4, (k % 2) * 4:(k % 2) * 4 + 4] += 0.7
    return torch.as_tensor(x), torch.as_tensor(y)
torch.manual_seed(0)
model = nn.Sequential(nn.Flatten(), nn.Linear(64, 16), nn.ReLU(), nn.Linear(16, 3))
x, y = data(48)
rec = Recorder(model, ["2"], data(30), ["top left", "top right", "bottom left"], "runs/tiny/activations.h5", Schedule(6, 2))
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(2):
    for s in range(0, 48, 8):
        loss = nn.functional.cross_entropy(model(x[s:s + 8]), y[s:s + 8])
        opt.zero_grad(); loss.backward(); opt.step()
        rec.step(8, loss=loss)
rec.close()
PY
}
make_video() {
    cnn-timelapse make runs/tiny/activations.h5 --style dark --set width=320 --set height=240 --set fps=10 --set inbetween=2 &&
    [ -s runs/tiny/timelapse.mp4 ] && [ -s runs/tiny/timelapse.vtt ] && [ -s runs/tiny/poster.png ] &&
    grep -q 'Content-Security-Policy' runs/tiny/timelapse.html
}
nothing_of_the_build_is_reachable() {
    # No Swift on PATH, the package from the fresh venv, and (in the namespace) no repository.
    ! command -v swift > /dev/null && case $package in "$VENV"/*) true ;; *) false ;; esac &&
    { [ "$HIDDEN" != 1 ] || [ ! -e "$REPO/Package.swift" ]; }
}
check nothing_of_the_build_is_reachable
check libraries_resolve
check programs_start
check record
check make_video
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
CHECK

hide=()
swift_root=$(command -v swift > /dev/null && dirname "$(dirname "$(readlink -f "$(command -v swift)")")")
for d in "$repo" "$swift_root"; do [ -n "$d" ] && [ -d "$d" ] && hide+=("$d"); done
run=(env -i HOME="$work" PATH="$work/venv/bin:/usr/local/bin:/usr/bin:/bin" LANG=C.UTF-8 VENV="$work/venv" REPO="$repo")
mounts=""
for d in "${hide[@]}"; do mounts+="mount -t tmpfs -o size=1m none '$d' && "; done
if [ -n "$mounts" ] && unshare --mount --propagation private true 2> /dev/null; then
    echo "test-wheel: hiding ${hide[*]} in a mount namespace"
    unshare --mount --propagation private bash -c "${mounts}exec $(printf '%q ' "${run[@]}" HIDDEN=1 bash "$work/check.sh")" 2>&1 | tee "$work/log"
else
    echo "test-wheel: cannot make a mount namespace here; checking with env -i only"
    "${run[@]}" HIDDEN=0 bash "$work/check.sh" 2>&1 | tee "$work/log"
fi
status=${PIPESTATUS[0]}
grep -qE '^[0-9]+ passed, [0-9]+ failed$' "$work/log" || { echo "0 passed, 1 failed"; exit 1; }
exit "$status"
