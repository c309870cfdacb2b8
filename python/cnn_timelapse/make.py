"""From a recording to a video in one call: ``make(path)`` and ``cnn-timelapse make PATH``.

The project's Swift programs stay the one implementation: this module only finds them and runs
``timelapse`` on a pipeline whose first entry is ``"activations"`` (docs/pipeline.md), written
beside the file. The embedding, the video with its subtitles, the poster and the page land in
the file's folder, and a second run skips what is already done, exactly as ``timelapse`` does.
"""
import json
import os
import shutil
import subprocess
import sys

from .writer import partial_path

PACKAGE = os.path.dirname(os.path.abspath(__file__))
#: The programs ``make`` runs (``timelapse`` runs the other two).
PROGRAMS = ("timelapse", "umap-embed", "viz-render")
#: What ``timelapse`` writes beside the activations file (docs/pipeline.md).
OUTPUTS = {"embedding": "embedding.h5", "video": "timelapse.mp4", "subtitles": "timelapse.vtt", "page": "timelapse.html",
           "poster": "poster.png"}
PIPELINE = "pipeline.json"


class MakeError(RuntimeError):
    """``make`` cannot run: a missing file, program or ffmpeg, or a stage that failed. One line;
    ``shown`` is true when the program's own error line was already printed."""

    def __init__(self, message, shown=False):
        super().__init__(message)
        self.shown = shown


def find_programs():
    """The folder holding the programs: the wheel's ``cnn_timelapse/bin``, else
    ``$CNN_TIMELAPSE_BIN``, else the folder of ``timelapse`` on PATH."""
    places = [os.path.join(PACKAGE, "bin"), os.environ.get("CNN_TIMELAPSE_BIN")]
    found = shutil.which("timelapse")
    if found:
        places.append(os.path.dirname(os.path.realpath(found)))
    for folder in filter(None, places):
        if all(os.access(os.path.join(folder, p), os.X_OK) for p in PROGRAMS):
            return os.path.abspath(folder)
    raise MakeError("cannot find the programs timelapse, umap-embed and viz-render (not in the cnn_timelapse package, "
                    "$CNN_TIMELAPSE_BIN or PATH); install the cnn-timelapse wheel, or build them with "
                    "`swift build -c release` and set CNN_TIMELAPSE_BIN to that .build/release folder")


def find_data(programs):
    """The folder holding ``configs/`` and ``schemas/``: the wheel's ``cnn_timelapse/data``, else
    the project folder above the programs (``…/.build/release`` → ``…``)."""
    places, folder = [os.path.join(PACKAGE, "data")], programs
    while os.path.dirname(folder) != folder:
        places.append(folder)
        folder = os.path.dirname(folder)
    for place in places:
        if os.path.isdir(os.path.join(place, "configs", "render")) and os.path.isdir(os.path.join(place, "schemas")):
            return place
    raise MakeError(f"cannot find the styles and schemas (configs/ and schemas/) in {places[0]} or above {programs}; "
                    "reinstall the cnn-timelapse wheel")


def stage_config(data, stage, name):
    """A stage config: a path to a JSON file, or the name of one of ``configs/<stage>/``."""
    if os.path.isfile(name):
        return os.path.abspath(name)
    folder = os.path.join(data, "configs", stage)
    path = os.path.join(folder, name + ".json")
    if os.path.isfile(path):
        return path
    names = sorted(f[:-5] for f in os.listdir(folder) if f.endswith(".json"))
    kind = "style" if stage == "render" else f"{stage} config"
    raise MakeError(f"{kind} {name!r} is neither a file nor one of {', '.join(names)}")


def recording(path):
    """The activations file to make from: ``path``, or its partial file when only that exists
    (a run that stopped early reads up to its last complete snapshot)."""
    if os.path.isfile(path):
        return os.path.abspath(path)
    if os.path.isfile(partial_path(path)):
        return partial_path(path)
    raise MakeError(f"{path} does not exist; expected an activations file written by the recorder (docs/recorder.md)")


def pipeline(activations, data, style="light", embed="aligned", layer=None, language=None, overrides=None):
    """The pipeline ``make`` runs, as a dict: the file's folder as output, ``activations`` as its start."""
    render = {"config": stage_config(data, "render", style)}
    settings = dict(overrides or {})
    if language is not None:
        settings["language"] = language
    if settings:
        render["set"] = settings
    embed_entry = {"config": stage_config(data, "embed", embed)}
    if layer is not None:
        embed_entry["layer"] = layer
    return {"$schema": os.path.join(data, "schemas", "pipeline.schema.json"),
            "description": "Made by cnn-timelapse make from " + os.path.basename(activations) + ".",
            "output": ".", "activations": "./" + os.path.basename(activations), "embed": embed_entry, "render": render}


class Made:
    """What ``make`` wrote: ``folder`` and the paths ``embedding``, ``video``, ``subtitles``,
    ``page`` and ``poster``. In a notebook it shows the page (``show``)."""

    def __init__(self, folder):
        self.folder = folder
        for key, name in OUTPUTS.items():
            setattr(self, key, os.path.join(folder, name))

    def __repr__(self):
        return f"Made(folder={self.folder!r})"

    def _repr_html_(self):
        from .notebook import show
        return show(self.folder)._repr_html_()


def make(path, style="light", language=None, layer=None, embed="aligned", overrides=None, force=False):
    """Makes the embedding, the video with its subtitles, the poster and the page of an
    activations file, beside it, with the project's programs (``timelapse``); what is already
    done is skipped. Returns a ``Made``.

    Args:
        path: the activations file (``runs/mine/activations.h5``); when only its partial file
            exists (recording stopped early), that is used.
        style: a style name (``light``, ``dark``, …: ``configs/render/``) or a style file.
        language: the language of the words in the video and the page (sets the style's
            ``language``).
        layer: the layer to embed (default: the file's ``default_layer``).
        embed: an embed config name (``aligned``, …: ``configs/embed/``) or file.
        overrides: style keys to set, e.g. ``{"theme": "dark", "templates.kind": "kind of bird"}``.
        force: redo every stage.

    Progress goes to stderr (rewritten in place on a terminal). Raises ``MakeError`` (one line)
    when a program, ffmpeg or the file is missing or a stage fails.
    """
    activations = recording(path)
    programs = find_programs()
    data = find_data(programs)
    folder = os.path.dirname(activations)
    if activations != os.path.abspath(path):
        print(f"cnn-timelapse: {path} is not finished; making the video from {activations}, up to its last complete snapshot",
              file=sys.stderr, flush=True)
    spec = pipeline(activations, data, style, embed, layer, language, overrides)
    if shutil.which("ffmpeg") is None:
        raise MakeError("ffmpeg is not installed (it joins the frames into the video); install it with your system's "
                        "package manager: apt install ffmpeg, dnf install ffmpeg, brew install ffmpeg or conda install ffmpeg")
    pipeline_file = os.path.join(folder, PIPELINE)
    text = json.dumps(spec, indent=2) + "\n"
    if not os.path.isfile(pipeline_file) or open(pipeline_file).read() != text:
        with open(pipeline_file, "w") as f:
            f.write(text)
    command = [os.path.join(programs, "timelapse"), "run", pipeline_file, "--allow-outside", "--bin-dir", programs,
               "--schemas", os.path.join(data, "schemas")] + (["--force"] if force else [])
    status, last = run(command)
    if status != 0:
        raise MakeError(last or f"timelapse ended with status {status}", shown=True)
    return Made(folder)


def run(command):
    """Runs ``command``; its stderr goes to a terminal as it is (progress rewritten in place),
    else line by line through ``sys.stderr`` (a notebook shows it). Returns the exit status
    and the last line of stderr seen (``None`` on a terminal)."""
    try:
        if _is_terminal(sys.stderr):
            return subprocess.run(command).returncode, None
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    except OSError as e:
        raise MakeError(f"cannot run {command[0]}: {e.strerror or e}") from None
    last = None
    for line in process.stdout:
        sys.stderr.write(line)
        if line.strip():
            last = line.strip()
    sys.stderr.flush()
    return process.wait(), last


def _is_terminal(stream):
    try:
        return stream.isatty() and stream.fileno() == 2
    except (AttributeError, OSError, ValueError):
        return False
