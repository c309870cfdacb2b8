"""The page with the style's class groups (`groups`): the run's ten classes in three groups.
The map's labels name the groups, the dots take the groups' colours, the key says "group",
each table row names its class's group and the find box finds a group's classes; a mapping
naming a class the recording does not have is refused, exit 2, naming the key and the value."""
import json
import subprocess

import numpy as np
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BIN, open_page, record_map_texts, run
from test_page import colour_counts

GROUPS = ["Group A", "Group B", "Group C"]


def grouping(classes):
    return {GROUPS[0]: classes[:4], GROUPS[1]: classes[4:7], GROUPS[2]: classes[7:]}


@pytest.fixture(scope="module")
def grouped_page(run_dir, recorded, tmp_path_factory):
    out = tmp_path_factory.mktemp("groups")
    style = json.loads((run_dir / "style.json").read_text())
    style["groups"] = grouping(recorded["classes"])
    (out / "style.json").write_text(json.dumps(style))
    run(BIN / "viz-render", "--style", out / "style.json", "--activations", run_dir / "activations.h5",
        "--embedding", run_dir / "embedding.h5", "--html", out / "timelapse.html", "--quiet")
    return out / "timelapse.html"


def test_the_map_the_key_and_the_table_show_the_groups(browser, grouped_page, recorded, artifacts):
    record_map_texts(browser)
    s = recorded["snapshots"]
    open_page(browser, grouped_page, f"#snapshot={s - 1}")
    browser.execute_script("document.activeElement.blur()")
    browser.execute_script("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    data = browser.execute_script("return JSON.parse(document.getElementById('data').textContent)")
    classes = recorded["classes"]
    group_of = [next(g for g, members in enumerate(grouping(classes).values()) if c in members) for c in classes]
    assert data["labelNames"] == GROUPS and data["groupOf"] == group_of
    # Every class is in its group's colour; the three groups' colours differ.
    assert [data["colors"][c] for c in range(len(classes))] == [data["labelColors"][g] for g in group_of]
    assert len(set(data["labelColors"])) == 3
    # The labels on the map name groups, not classes.
    drawn = {t for t, _, _ in browser.execute_script("return window.mapTexts")}
    assert drawn and drawn <= set(GROUPS), drawn
    # The dots show the three groups' colours.
    canvas = browser.find_element(By.ID, "map")
    colours = [[int(h[k:k + 2], 16) for k in (1, 3, 5)] for h in data["labelColors"]]
    background = [int(data["style"]["background"][k:k + 2], 16) for k in (1, 3, 5)]
    counts = colour_counts(canvas.screenshot_as_png, colours, background, data["style"]["pointAlpha"])
    assert (counts > 50).all(), counts
    key = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#key li")]
    assert "Colour of its group: named right" in key, key
    assert [e.text for e in browser.find_elements(By.CSS_SELECTOR, "#classes .class-button bdi.group")] == [GROUPS[g] for g in group_of]
    (artifacts / "groups.png").write_bytes(browser.get_screenshot_as_png())


def test_the_find_box_finds_a_groups_classes(browser, grouped_page, recorded):
    open_page(browser, grouped_page, "#snapshot=1")
    browser.execute_script("document.getElementById('find').hidden = false")  # shown from 13 classes on
    browser.find_element(By.ID, "find").send_keys("group b")
    rows = browser.find_elements(By.CSS_SELECTOR, "#classes tbody tr")
    assert [recorded["classes"][i] for i, r in enumerate(rows) if r.is_displayed()] == recorded["classes"][4:7]


def test_a_group_naming_no_class_of_the_recording_is_refused(run_dir, recorded, tmp_path):
    style = json.loads((run_dir / "style.json").read_text())
    groups = grouping(recorded["classes"])
    groups[GROUPS[1]] = groups[GROUPS[1]][:2] + ["Dodecahedron"]
    style["groups"] = groups
    (tmp_path / "style.json").write_text(json.dumps(style))
    page = tmp_path / "timelapse.html"
    done = subprocess.run([BIN / "viz-render", "--style", tmp_path / "style.json", "--activations", run_dir / "activations.h5",
                           "--embedding", run_dir / "embedding.h5", "--html", page], capture_output=True, text=True)
    assert done.returncode == 2, done.stderr
    assert f'$.groups.{GROUPS[1]}: no class is named "Dodecahedron"' in done.stderr, done.stderr
    assert not page.exists()
