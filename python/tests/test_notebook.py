"""``show``: the page inline in a notebook, sandboxed and offline, under its own policy."""
import base64
import html.parser

import pytest

from cnn_timelapse import show

PAGE = """<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; script-src 'unsafe-inline'">
</head><body><p title='a "quoted" & <odd> title'>Ä &amp; ü</p><script>if (1 < 2 && "x" != 'y') {}</script></body></html>"""


class Elements(html.parser.HTMLParser):
    def __init__(self, text):
        super().__init__()
        self.found = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def folder_with(tmp_path, video=None, subtitles=None):
    (tmp_path / "timelapse.html").write_text(PAGE, encoding="utf-8")
    if video is not None:
        (tmp_path / "timelapse.mp4").write_bytes(video)
    if subtitles is not None:
        (tmp_path / "timelapse.vtt").write_text(subtitles)
    return tmp_path


def test_the_page_is_a_sandboxed_srcdoc_iframe_holding_the_page_unchanged(tmp_path):
    shown = show(folder_with(tmp_path))
    text = shown._repr_html_()
    elements = Elements(text).found
    assert [tag for tag, _ in elements] == ["iframe"], "nothing but the iframe: the page's own markup stays inside it"
    attrs = elements[0][1]
    assert attrs["srcdoc"] == PAGE, "the whole page, its Content-Security-Policy included, byte for byte"
    assert attrs["sandbox"] == "allow-scripts", "scripts run, but in an opaque origin apart from the notebook"
    assert "src" not in attrs, "nothing is fetched: it works offline"
    assert "<script" not in text.replace("&lt;script", ""), "no script runs in the notebook's own page"


@pytest.mark.parametrize("given", ["folder", "page", "activations"])
def test_a_folder_a_page_or_the_recording_beside_it_show_the_same(tmp_path, given):
    folder = folder_with(tmp_path)
    path = {"folder": folder, "page": folder / "timelapse.html", "activations": folder / "activations.h5"}[given]
    assert Elements(show(path).html).found[0][1]["srcdoc"] == PAGE


def test_the_video_comes_inline_with_its_subtitles_when_asked(tmp_path):
    movie, cues = b"\x00\x00\x00\x18ftypisom-not-really-a-movie", "WEBVTT\n\n00:00.000 --> 00:01.000\nStep 0\n"
    folder = folder_with(tmp_path, video=movie, subtitles=cues)
    assert "<video" not in show(folder).html
    elements = dict(Elements(show(folder, video=True).html).found)
    assert elements["video"]["src"] == "data:video/mp4;base64," + base64.b64encode(movie).decode()
    assert "controls" in elements["video"]
    assert elements["track"]["kind"] == "subtitles" and "default" in elements["track"]
    assert base64.b64decode(elements["track"]["src"].split(",", 1)[1]).decode() == cues


def test_a_missing_page_or_video_says_what_to_run(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"timelapse.html does not exist; make it first: cnn-timelapse make"):
        show(tmp_path)
    with pytest.raises(FileNotFoundError, match=r"no video beside .*timelapse.html"):
        show(folder_with(tmp_path), video=True)
