#!/usr/bin/env bash
# Installs the Debian packages cnn-timelapse needs (C libraries, ffmpeg, fonts, the default
# data set). Safe to rerun: it skips apt entirely when everything is already there.
set -euo pipefail
packages=(pkg-config libhdf5-dev hdf5-tools libopenblas-dev libcairo2-dev zlib1g-dev ffmpeg fonts-dejavu-core dataset-fashion-mnist strace libfontconfig-dev)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    echo "setup: installing ${missing[*]}" >&2
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v swift >/dev/null || { echo "setup: swift is not on PATH (install Swift 6 first)" >&2; exit 1; }
