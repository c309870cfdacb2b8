"""The page with class names in Japanese, Arabic and Hindi and an Arabic subject (the names the
frames are tested with in TextTests): the run's activations file with its class names and
subject replaced, its embedding kept (the names are not part of what was embedded). Checked in
Chromium: the names are in the table, on the map's labels, found by typing, in the pointing
panel; right-to-left ones read right to left and keep their place in a left-to-right sentence;
every character is drawn with a glyph, never the box of a missing one."""
import shutil
import unicodedata

import h5py
import numpy as np
import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BIN, open_page, pixel_positions, record_map_texts, run, view_box

# "कमीज़" is stored as Unicode composes it (NFC: ज followed by the nukta ़, since the
# precomposed ज़ U+095B is excluded from composition); a keyboard may type U+095B.
HINDI_SHIRT = unicodedata.normalize("NFC", "कमी\u095b")
NAMES = ["シャツ", "ズボン", "セーター", "ドレス", "قميص", "بنطال", "فستان", HINDI_SHIRT, "पतलून", "पोशाक"]
ARABIC = {"قميص", "بنطال", "فستان"}
SUBJECT = "نوع الملابس"  # "kind of clothing"

# The characters of `text` that `font` draws exactly as it draws U+10FFFD, a character no font
# has: the box Chromium draws for a missing glyph.
MISSING_GLYPHS = """
const [family, text] = arguments;
const c = document.createElement("canvas"), g = c.getContext("2d");
c.width = 80; c.height = 60;
g.font = `40px ${family}`;
const drawn = (t) => { g.clearRect(0, 0, 80, 60); g.fillText(t, 10, 45); return g.getImageData(0, 0, 80, 60).data.join(","); };
const box = drawn("\\u{10FFFD}");
return [...text].filter((ch) => drawn(ch) === box);"""

# The left edge (CSS px) of the first occurrence of `text` inside element `el`'s text.
LEFT_OF_TEXT = """
const [el, text] = arguments;
const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
for (let n = walk.nextNode(); n; n = walk.nextNode()) {
  const i = n.data.indexOf(text);
  if (i < 0) continue;
  const r = document.createRange();
  r.setStart(n, i); r.setEnd(n, i + text.length);
  return r.getBoundingClientRect().left;
}
return null;"""


@pytest.fixture(scope="module")
def world_page(run_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("world")
    shutil.copy(run_dir / "activations.h5", out / "activations.h5")
    with h5py.File(out / "activations.h5", "r+") as f:
        assert len(f["classes"]) == len(NAMES)
        del f["classes"]
        f.create_dataset("classes", data=np.array(NAMES, dtype=h5py.string_dtype()))
        f.attrs["subject"] = SUBJECT
    run(BIN / "viz-render", "--style", run_dir / "style.json", "--activations", out / "activations.h5",
        "--embedding", run_dir / "embedding.h5", "--html", out / "timelapse.html", "--quiet")
    return out / "timelapse.html"


@pytest.fixture()
def world(browser, world_page):
    """The browser, recording the map's texts, on the page at its last snapshot."""
    record_map_texts(browser)
    open_page(browser, world_page, "#snapshot=0")
    data = browser.execute_script("return JSON.parse(document.getElementById('data').textContent)")
    browser.execute_script(f"location.hash = '#snapshot={len(data['titles']) - 1}'")
    browser.execute_script("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    return browser, data


def test_the_table_shows_every_name_each_in_its_own_direction_with_real_glyphs(world):
    browser, data = world
    assert data["classes"] == NAMES and data["kind"] == SUBJECT
    labels = browser.find_elements(By.CSS_SELECTOR, "#classes tbody .class-button bdi.name")
    assert [e.text for e in labels] == NAMES
    for e in labels:
        want = "rtl" if e.text in ARABIC else "ltr"
        assert e.value_of_css_property("direction") == want, e.text
        family = browser.execute_script("return getComputedStyle(arguments[0]).fontFamily", e)
        assert browser.execute_script(MISSING_GLYPHS, family, e.text) == [], f"{e.text} is drawn with boxes"
    # The subject is in the table's heading.
    assert SUBJECT in browser.find_element(By.ID, "table-title").text


def test_the_map_labels_name_the_islands_in_each_names_direction(world):
    browser, data = world
    labelled = set()
    for k in range(len(data["titles"])):  # every snapshot, so that every labelled name is seen
        browser.execute_script(f"location.hash = '#snapshot={k}'")
        browser.execute_script("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        labelled |= {NAMES[l[0]] for l in data["mapLabels"][k]}
    drawn = {}
    for text, direction, font in browser.execute_script("return window.mapTexts"):
        drawn.setdefault(text, set()).add((direction, font))
    assert labelled & ARABIC and labelled - ARABIC, f"labels of both directions: {labelled}"
    for name in labelled:
        assert name in drawn, f"{name} is labelled in the data but never drawn on the map: {sorted(drawn)}"
        assert {d for d, _ in drawn[name]} == {"rtl" if name in ARABIC else "ltr"}, (name, drawn[name])
        for _, font in drawn[name]:
            family = font.split("px ", 1)[1]
            assert browser.execute_script(MISSING_GLYPHS, family, name) == [], f"{name} is drawn with boxes in {font}"


@pytest.mark.parametrize("typed,found", [("ャツ", "シャツ"), ("بنط", "بنطال"), ("\u095b", HINDI_SHIRT), ("पतलू", "पतलून")])
def test_the_find_box_finds_a_name_by_typing_part_of_it(world, typed, found):
    browser, data = world
    browser.execute_script("document.getElementById('find').hidden = false")  # shown from 13 classes on
    find = browser.find_element(By.ID, "find")
    find.send_keys(typed)
    assert find.get_attribute("value") == typed, "the browser received what was typed"
    rows = browser.find_elements(By.CSS_SELECTOR, "#classes tbody tr")
    shown = [NAMES[i] for i, r in enumerate(rows) if r.is_displayed()]
    assert shown == [found], shown


def test_the_pointing_panel_keeps_an_arabic_subject_and_name_in_sentence_order(world, recorded, artifacts):
    browser, data = world
    s = recorded["snapshots"]
    canvas = browser.find_element(By.ID, "map")
    width, height = canvas.size["width"], canvas.size["height"]
    points = pixel_positions(recorded["embedding"][s - 1], view_box(recorded["embedding"]), width, height)
    d = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(-1))
    np.fill_diagonal(d, np.inf)
    inside = (points[:, 0] > 20) & (points[:, 0] < width - 20) & (points[:, 1] > 20) & (points[:, 1] < height - 20)
    arabic = np.isin(recorded["labels"], [NAMES.index(n) for n in ARABIC])
    i = int(np.argmax(np.where(inside & arabic, d.min(axis=1), -1)))
    x, y = points[i]
    ActionChains(browser).move_to_element_with_offset(canvas, int(round(x - width / 2)), int(round(y - height / 2))).perform()
    WebDriverWait(browser, 5).until(lambda b: b.find_element(By.ID, "tip").is_displayed())
    truth = NAMES[recorded["labels"][i]]
    guess = NAMES[recorded["guesses"][-1][i]]
    line = browser.find_element(By.ID, "tip-truth")
    assert line.text == f"True {SUBJECT}: {truth}"
    verdict = "right" if truth == guess else "wrong"
    assert browser.find_element(By.ID, "tip-guess").text == f"The network's guess now: {guess} ({verdict})"
    # An English sentence reads left to right: "True", the subject, then the name, though both
    # are Arabic; each of them reads right to left.
    left = [browser.execute_script(LEFT_OF_TEXT, line, t) for t in ("True", SUBJECT, truth)]
    assert left[0] < left[1] < left[2], left
    for e in line.find_elements(By.TAG_NAME, "bdi"):
        assert e.value_of_css_property("direction") == "rtl", e.text
    family = browser.execute_script("return getComputedStyle(arguments[0]).fontFamily", line)
    assert browser.execute_script(MISSING_GLYPHS, family, line.text) == []
    (artifacts / "world-names.png").write_bytes(browser.get_screenshot_as_png())
