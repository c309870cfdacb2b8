#!/usr/bin/env bash
# How frames reach ffmpeg, measured on the same viz-render frames (1920x1080, 10,000 points,
# bench/render_inputs.py): PNG files vs raw BGRA or RGB piped (-f rawvideo); x264 presets; and
# held frames (each frame shown HOLD times) sent as repeats vs sent once (VFR MP4). ffmpeg only:
# the frames are rendered once beforehand and the raw bytes are read from a file in the page
# cache, so each line is the encoding side alone. Best of 3 runs each (the machine is shared);
# frames/s counts frames of the output's 30 fps timeline.
#   bench/ffmpeg_feed.sh [points=10000] [epochs=5] [hold=10]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-10000}; E=${2:-5}; HOLD=${3:-10}
PY=${PEERS_PYTHON:-$HOME/.cache/cnn-timelapse-peers/bin/python}
LOCK=/tmp/cnn-build.lock
WORK=$(mktemp -d /tmp/ffmpeg-feed.XXXXXX); trap 'rm -rf "$WORK"' EXIT
[ -n "${NO_BUILD:-}" ] || flock $LOCK swift build -c release --product viz-render >/dev/null
"$PY" bench/render_inputs.py "$N" "$E" "$WORK/in" >/dev/null
.build/release/viz-render --style configs/render/bench.json --activations "$WORK/in/activations.h5" \
    --embedding "$WORK/in/embedding.h5" --quiet --all-frames --frames "$WORK/png"
FRAMES=$(ls "$WORK/png" | grep -c png)
W=1920; H=1080
FF=(ffmpeg -hide_banner -loglevel error -y)
"${FF[@]}" -framerate 30 -i "$WORK/png/frame_%05d.png" -f rawvideo -pix_fmt bgra "$WORK/frames.bgra"
"${FF[@]}" -framerate 30 -i "$WORK/png/frame_%05d.png" -f rawvideo -pix_fmt rgb24 "$WORK/frames.rgb"
# The held stream: every frame repeated HOLD times, as a renderer holding frames would send it.
python3 - "$WORK/frames.bgra" "$WORK/held.bgra" $((W * H * 4)) "$HOLD" <<'PY'
import sys
src, dst, size, hold = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
with open(src, "rb") as f, open(dst, "wb") as o:
    while frame := f.read(size):
        for _ in range(hold): o.write(frame)
PY
# concat list for VFR: each PNG once, with its duration.
for f in "$WORK"/png/frame_*.png; do printf "file '%s'\nduration %.6f\n" "$f" "$(echo "$HOLD / 30" | bc -l)"; done > "$WORK/list.txt"
echo "file '$(ls "$WORK"/png/frame_*.png | tail -1)'" >> "$WORK/list.txt"

# best_of OUT FRAMES CMD...: best wall seconds of 3 runs, printed with frames/s and the file size.
measure() {
    local label=$1 out=$2 frames=$3; shift 3
    local best=
    for _ in 1 2 3; do
        local s e t
        s=$(date +%s.%N); "$@"; e=$(date +%s.%N)
        t=$(echo "$e - $s" | bc -l)
        if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
    done
    printf '%-44s %7.1f frames/s  %6.2f MB  (%d frames, %.2f s)\n' "$label" "$(echo "$frames / $best" | bc -l)" \
        "$(echo "$(stat -c %s "$out") / 1000000" | bc -l)" "$frames" "$best"
}
x264() { echo -c:v libx264 -preset "$1" -crf 20 -pix_fmt yuv420p -movflags +faststart; }
raw() { echo -f rawvideo -pix_fmt "$1" -s ${W}x${H} -r 30 -i -; }

echo "frames: $FRAMES distinct, ${W}x${H}, $N points; held stream: each x$HOLD = $((FRAMES * HOLD)) frames"
echo "== input format (x264 veryfast, crf 20)"
measure "PNG files (image2)" "$WORK/a.mp4" "$FRAMES" "${FF[@]}" -framerate 30 -i "$WORK/png/frame_%05d.png" $(x264 veryfast) "$WORK/a.mp4"
measure "raw BGRA piped" "$WORK/b.mp4" "$FRAMES" sh -c "cat '$WORK/frames.bgra' | ${FF[*]} $(raw bgra) $(x264 veryfast) '$WORK/b.mp4'"
measure "raw RGB24 piped" "$WORK/c.mp4" "$FRAMES" sh -c "cat '$WORK/frames.rgb' | ${FF[*]} $(raw rgb24) $(x264 veryfast) '$WORK/c.mp4'"
measure "raw BGRA piped, mpdecimate (no repeats)" "$WORK/d.mp4" "$FRAMES" sh -c \
    "cat '$WORK/frames.bgra' | ${FF[*]} $(raw bgra) -vf mpdecimate=hi=0:lo=0:frac=1 -fps_mode vfr $(x264 veryfast) '$WORK/d.mp4'"
echo "== x264 preset (raw BGRA piped, crf 20)"
for p in ultrafast superfast veryfast faster medium; do
    measure "$p" "$WORK/p-$p.mp4" "$FRAMES" sh -c "cat '$WORK/frames.bgra' | ${FF[*]} $(raw bgra) $(x264 $p) '$WORK/p-$p.mp4'"
done
echo "== held frames (x264 veryfast, crf 20)"
measure "repeats piped (CFR)" "$WORK/h1.mp4" $((FRAMES * HOLD)) sh -c "cat '$WORK/held.bgra' | ${FF[*]} $(raw bgra) $(x264 veryfast) '$WORK/h1.mp4'"
measure "repeats piped, mpdecimate (VFR)" "$WORK/h2.mp4" $((FRAMES * HOLD)) sh -c \
    "cat '$WORK/held.bgra' | ${FF[*]} $(raw bgra) -vf mpdecimate=hi=0:lo=0:frac=1 -fps_mode vfr $(x264 veryfast) '$WORK/h2.mp4'"
measure "each once, PNG concat with durations (VFR)" "$WORK/h3.mp4" $((FRAMES * HOLD)) \
    "${FF[@]}" -f concat -safe 0 -i "$WORK/list.txt" -fps_mode vfr $(x264 veryfast) "$WORK/h3.mp4"
# What viz-render does (HeldFrames): raw BGRA piped once each, the last once more, timed by setpts.
python3 - "$WORK/frames.bgra" "$WORK/once.bgra" $((W * H * 4)) <<'PY'
import sys
src, dst, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = open(src, "rb").read()
open(dst, "wb").write(data + data[-size:])
PY
expr="N*$HOLD-gt(N,$((FRAMES - 1)))"
measure "each once, raw BGRA piped, setpts durations (VFR)" "$WORK/h4.mp4" $((FRAMES * HOLD)) sh -c \
    "cat '$WORK/once.bgra' | ${FF[*]} $(raw bgra) -vf \"setpts='($expr)/(FR*TB)'\" -fps_mode vfr $(x264 veryfast) '$WORK/h4.mp4'"
for f in h1 h2 h3 h4; do
    printf '%s: %s s long, %s frames encoded\n' "$f" "$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$WORK/$f.mp4")" \
        "$(ffprobe -v error -count_frames -select_streams v -show_entries stream=nb_read_frames -of csv=p=0 "$WORK/$f.mp4")"
done
