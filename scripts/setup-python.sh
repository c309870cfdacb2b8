#!/usr/bin/env bash
# Makes (or reuses) the project's Python environment for the Python recorder's tests and the
# browser tests: a venv at $CNN_TIMELAPSE_VENV (default ~/.cache/cnn-timelapse-venv) with
# numpy, h5py, pytest, torch, lightning, keras (torch backend), transformers, accelerate and selenium, plus Debian's
# chromium and chromium-driver. Prints the venv's python on the last line.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${CNN_TIMELAPSE_VENV:-$HOME/.cache/cnn-timelapse-venv}
packages=(chromium chromium-driver python3-venv)
scripts/apt-ensure.sh "${packages[@]}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
stamp="$venv/.cnn-timelapse-requirements"
requirements="numpy h5py pytest torch==2.15.0 lightning keras selenium transformers accelerate"
if [ "$(cat "$stamp" 2>/dev/null)" != "$requirements" ]; then
    echo "setup-python: installing $requirements into $venv" >&2
    "$venv/bin/pip" install -q $requirements
    echo "$requirements" > "$stamp"
fi
echo "$venv/bin/python"
