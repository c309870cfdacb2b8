#!/usr/bin/env bash
# Installs the Debian packages cnn-timelapse needs (C libraries, ffmpeg, fonts, the default
# data set). Safe to rerun: it skips apt entirely when everything is already there.
set -euo pipefail
packages=(pkg-config libhdf5-dev hdf5-tools libopenblas-dev libcairo2-dev libpango1.0-dev fonts-noto-core fonts-noto-cjk zlib1g-dev ffmpeg fonts-dejavu-core dataset-fashion-mnist strace libfontconfig-dev libdeflate-dev libspng-dev libwebp-dev libssl-dev)
"$(dirname "$0")/apt-ensure.sh" "${packages[@]}"
command -v swift >/dev/null || { echo "setup: swift is not on PATH (install Swift 6 first)" >&2; exit 1; }
