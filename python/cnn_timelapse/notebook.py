"""The time-lapse inline in a notebook: ``show(folder_or_page, video=False)``."""
import base64
import html
import os

from .make import OUTPUTS

#: Media types of the videos viz-render writes.
VIDEO_TYPES = {".mp4": "video/mp4", ".webm": "video/webm", ".gif": "image/gif"}


class Page:
    """The page (and the video, if asked) as HTML for a notebook (``_repr_html_``): the page in
    an ``<iframe srcdoc>`` sandboxed to ``allow-scripts``, so it runs offline, apart from the
    notebook, under its own Content-Security-Policy; the video as a data URL with its subtitles.
    ``html`` is that HTML."""

    def __init__(self, page, video=None, subtitles=None, height=760):
        self.page, self.video, self.subtitles, self.height = page, video, subtitles, int(height)

    @property
    def html(self):
        with open(self.page, encoding="utf-8") as f:
            document = f.read()
        parts = [f'<iframe srcdoc="{html.escape(document, quote=True)}" sandbox="allow-scripts" '
                 f'style="width: 100%; height: {self.height}px; border: 0" title="{html.escape(os.path.basename(self.page))}"></iframe>']
        if self.video:
            kind = VIDEO_TYPES.get(os.path.splitext(self.video)[1].lower(), "video/mp4")
            if kind.startswith("image/"):
                parts.append(f'<img src="{data_url(self.video, kind)}" style="max-width: 100%">')
            else:
                track = ""
                if self.subtitles and os.path.isfile(self.subtitles):
                    track = f'<track kind="subtitles" src="{data_url(self.subtitles, "text/vtt")}" default>'
                parts.append(f'<video controls style="max-width: 100%" src="{data_url(self.video, kind)}">{track}</video>')
        return "\n".join(parts)

    def _repr_html_(self):
        return self.html

    def __repr__(self):
        return f"Page({self.page!r})" + (f" with {self.video!r}" if self.video else "")


def data_url(path, kind):
    with open(path, "rb") as f:
        return f"data:{kind};base64," + base64.b64encode(f.read()).decode("ascii")


def show(folder_or_page, video=False, height=760):
    """The time-lapse for a notebook cell: the interactive page inline, offline and under its
    own security policy, and with ``video=True`` the video (with its subtitles) below it.

    Args:
        folder_or_page: the folder ``make`` wrote into (or the activations file in it), or a
            page (``….html``).
        video: also show the video beside the page (``timelapse.mp4``, or the page's name
            with ``.mp4``, ``.webm`` or ``.gif``).
        height: the page's height in pixels.
    """
    path = os.fspath(folder_or_page)
    if path.endswith(".html"):
        page, stem = path, os.path.splitext(path)[0]
    else:
        folder = path if os.path.isdir(path) else os.path.dirname(os.path.abspath(path))
        page = os.path.join(folder, OUTPUTS["page"])
        stem = os.path.splitext(page)[0]
    if not os.path.isfile(page):
        raise FileNotFoundError(f"{page} does not exist; make it first: cnn-timelapse make FOLDER/activations.h5")
    movie = None
    if video:
        movie = next((stem + ext for ext in VIDEO_TYPES if os.path.isfile(stem + ext)), None)
        if movie is None:
            raise FileNotFoundError(f"no video beside {page} ({stem}.mp4, .webm or .gif); make it first")
    return Page(page, movie, stem + ".vtt", height)
