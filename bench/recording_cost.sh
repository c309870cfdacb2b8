#!/usr/bin/env bash
# Recording cost of the snapshot schedule: trains the default Fashion-MNIST config twice in one
# run, with the default schedule (23 snapshots) and with one snapshot per epoch (4), and prints
# cnn-train's own accounting (recording seconds against training seconds) for both, plus the
# whole-run ratio. Release build; pass extra cnn-train flags (e.g. --threads 2) after the script.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release >/dev/null
out=bench/out/recording
mkdir -p "$out"
config=configs/train/fashion-mnist-quick.json
python3 - "$config" "$out/epoch.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1])); c["snapshots"] = {"every": "epoch"}
c["dataset"]["directory"] = c["dataset"].get("directory", "/usr/share/datasets/fashion-mnist")
json.dump(c, open(sys.argv[2], "w"))
PY
run() {
    local start end
    start=$(date +%s.%N)
    .build/release/cnn-train --config "$1" --out "$out/$2.h5" --quiet "${@:3}" 2>&1 | grep -E "^recording|snapshots planned" || true
    end=$(date +%s.%N)
    echo "$2: whole run $(echo "$end - $start" | bc) s"
}
echo "== default schedule"; run "$config" schedule "$@"
echo "== one snapshot per epoch"; run "$out/epoch.json" epoch "$@"
