"""The ``cnn-timelapse`` command: ``cnn-timelapse make runs/mine/activations.h5 [--style …]``."""
import argparse
import json
import sys

from . import __version__
from .make import MakeError, make


def main(argv=None):
    parser = argparse.ArgumentParser(prog="cnn-timelapse", description="Make the time-lapse of a recorded training.")
    parser.add_argument("--version", action="version", version=f"cnn-timelapse {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    m = commands.add_parser("make", help="the embedding, the video with subtitles, the poster and the page of an activations file, beside it",
                            description="Makes the embedding, the video with its subtitles, the poster and the page of an "
                                        "activations file, beside it, skipping what is already done.")
    m.add_argument("path", help="the activations file, e.g. runs/mine/activations.h5 (its partial file when recording stopped early)")
    m.add_argument("--style", default="light", help="a style name (light, dark, …) or a style file (default: light)")
    m.add_argument("--language", help="the language of the words in the video and the page (the style's language)")
    m.add_argument("--layer", help="the layer to embed (default: the file's default layer)")
    m.add_argument("--embed", default="aligned", help="an embed config name (aligned, …) or file (default: aligned)")
    m.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help='a style key to set, e.g. --set theme=dark or --set "templates.kind=kind of bird" (repeatable)')
    m.add_argument("--force", action="store_true", help="redo every stage")
    args = parser.parse_args(argv)
    overrides = {}
    for item in args.set:
        key, sep, value = item.partition("=")
        if not sep or not key:
            parser.error(f"--set {item!r}: expected KEY=VALUE")
        try:
            overrides[key] = json.loads(value)
        except ValueError:
            overrides[key] = value
    try:
        made = make(args.path, style=args.style, language=args.language, layer=args.layer, embed=args.embed,
                    overrides=overrides, force=args.force)
    except MakeError as e:
        if not e.shown:  # else the program's own error line is already on the screen
            print(f"cnn-timelapse: error: {e}", file=sys.stderr)
        return 1
    print(f"cnn-timelapse: the video is {made.video}, the page {made.page}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
