"""The interactive page in a real browser (headless Chromium from Debian, through selenium).
Expected values come from the activations and embedding files, read with h5py."""
import json
import shutil
import subprocess

import h5py
import numpy as np
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BIN, open_page, pixel_positions, requests, view_box
from pngpixels import read_png


def severe_console_messages(driver):
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def last_snapshot(driver):
    """Moves the slider to its end with the keyboard, as a viewer would."""
    slider = driver.find_element(By.ID, "slider")
    slider.send_keys(Keys.END)
    WebDriverWait(driver, 5).until(lambda d: d.execute_script("return location.hash") != "")


def test_loads_offline_with_no_console_errors_and_no_requests(browser, run_dir):
    open_page(browser, run_dir / "timelapse.html")
    last_snapshot(browser)
    ActionChains(browser).move_to_element(browser.find_element(By.ID, "map")).perform()
    browser.find_element(By.ID, "play").click()
    browser.execute_script("return new Promise(r => setTimeout(r, 500))")
    page = (run_dir / "timelapse.html").as_uri()
    other = [u for u in requests(browser) if u.split("#")[0] != page and not u.startswith("data:")]
    assert other == [], f"the page made requests: {other}"
    assert severe_console_messages(browser) == []


def test_last_snapshot_shows_the_recorded_accuracy(browser, run_dir, recorded):
    open_page(browser, run_dir / "timelapse.html")
    last_snapshot(browser)
    s = recorded["snapshots"]
    accuracy = float((recorded["guesses"][-1] == recorded["labels"]).mean())
    if "tracked_accuracy" in recorded["metrics"]:
        assert abs(recorded["metrics"]["tracked_accuracy"][s - 1] - accuracy) < 1e-6
    title = browser.find_element(By.ID, "title").text
    # The built-in templates: title "After {when}: {accuracy} right", percent "{n} %".
    assert title.endswith(f": {round(accuracy * 100)} % right"), title
    # The table counts each class's right guesses ("{right} of {size}", thousands with commas).
    labels, guesses = recorded["labels"], recorded["guesses"][-1]
    counts = [cell.text for cell in browser.find_elements(By.CSS_SELECTOR, "#classes tbody tr td:nth-child(2)")]
    expected = [f"{int(((labels == c) & (guesses == c)).sum()):,} of {int((labels == c).sum()):,}"
                for c in range(len(recorded["classes"]))]
    assert counts == expected
    assert browser.find_element(By.ID, "summary").is_displayed()
    WebDriverWait(browser, 5).until(lambda b: b.execute_script("return location.hash") == f"#snapshot={s - 1}")
    assert browser.find_element(By.ID, "slider").get_attribute("aria-valuetext") == browser.find_element(By.ID, "when").text


def test_hovering_a_dot_shows_its_true_kind_and_the_guess(browser, run_dir, recorded, artifacts):
    s = recorded["snapshots"]
    open_page(browser, run_dir / "timelapse.html", f"#snapshot={s - 1}")
    canvas = browser.find_element(By.ID, "map")
    width, height = canvas.size["width"], canvas.size["height"]
    points = pixel_positions(recorded["embedding"][s - 1], view_box(recorded["embedding"]), width, height)
    # The most isolated dot away from the edges, preferring one the network gets wrong.
    d = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(-1))
    np.fill_diagonal(d, np.inf)
    isolation = d.min(axis=1)
    inside = (points[:, 0] > 20) & (points[:, 0] < width - 20) & (points[:, 1] > 20) & (points[:, 1] < height - 20)
    wrong = recorded["guesses"][-1] != recorded["labels"]
    candidates = inside & wrong & (isolation > 8)
    i = int(np.argmax(np.where(candidates if candidates.any() else inside, isolation, -1)))
    x, y = points[i]
    ActionChains(browser).move_to_element_with_offset(canvas, int(round(x - width / 2)), int(round(y - height / 2))).perform()
    WebDriverWait(browser, 5).until(lambda b: b.find_element(By.ID, "tip").is_displayed())
    truth, guess = recorded["classes"][recorded["labels"][i]], recorded["classes"][recorded["guesses"][-1][i]]
    assert browser.find_element(By.ID, "tip-truth").text == f"True shape: {truth}"  # the file's subject (configs/train/sketches.json)
    verdict = "right" if truth == guess else "wrong"
    assert browser.find_element(By.ID, "tip-guess").text == f"The network's guess now: {guess} ({verdict})"
    (artifacts / "hovered.png").write_bytes(browser.get_screenshot_as_png())


def colour_counts(png, colours, background, alpha, tolerance=12):
    """Pixels of a screenshot that match each class's dot colour over the background."""
    pixels = read_png(png).astype(np.int32)
    counts = []
    for c in colours:
        want = np.array([alpha * c[k] + (1 - alpha) * background[k] for k in range(3)])
        counts.append(int((np.abs(pixels - want).max(axis=2) <= tolerance).sum()))
    return np.array(counts)


def test_clicking_a_class_dims_the_others(browser, run_dir):
    open_page(browser, run_dir / "timelapse.html")
    last_snapshot(browser)
    data = browser.execute_script("return JSON.parse(document.getElementById('data').textContent)")
    colours = [[int(h[k:k + 2], 16) for k in (1, 3, 5)] for h in data["colors"]]
    background = [int(data["style"]["background"][k:k + 2], 16) for k in (1, 3, 5)]
    canvas = browser.find_element(By.ID, "map")
    browser.execute_script("document.activeElement.blur()")
    before = colour_counts(canvas.screenshot_as_png, colours, background, data["style"]["pointAlpha"])
    chosen = 2
    browser.find_elements(By.CSS_SELECTOR, ".class-button")[chosen].click()
    browser.execute_script("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    after = colour_counts(canvas.screenshot_as_png, colours, background, data["style"]["pointAlpha"])
    assert (before > 50).all(), f"every class shows dots before: {before}"
    assert after[chosen] >= 0.8 * before[chosen], (before, after)
    others = np.arange(len(colours)) != chosen
    # What stays of the others: the anti-aliased edges of rings (in the guessed class's colour)
    # around the chosen class's mistakes.
    assert (after[others] <= 0.2 * before[others]).all(), f"other classes dimmed: {before} -> {after}"
    assert after[others].sum() <= 0.05 * before[others].sum(), f"other classes dimmed: {before} -> {after}"
    assert browser.find_elements(By.CSS_SELECTOR, ".class-button")[chosen].get_attribute("aria-pressed") == "true"


def test_the_page_draws_the_frames_encoding(browser, run_dir, recorded):
    """As in the frames (DotColours): a dot is in its class's colour when the network names it
    right and in the pale wrong tone when not. With one class shown alone, the centre pixel of
    its dots is nearer the colour its guess calls for (at least 85 %: a wrong dot may lie under
    a right one), at the first snapshot (mostly wrong) and the last (mostly right)."""
    open_page(browser, run_dir / "timelapse.html", "#snapshot=0")
    data = browser.execute_script("return JSON.parse(document.getElementById('data').textContent)")
    labels, guesses = recorded["labels"], recorded["guesses"]
    S = len(data["titles"])
    share = lambda k, c: float(((labels == c) & (guesses[k] == c)).sum() / (labels == c).sum())
    chosen = max(range(len(data["classes"])), key=lambda c: share(S - 1, c) - share(0, c))
    alpha = data["style"]["pointAlpha"]
    background = np.array([int(data["style"]["background"][j:j + 2], 16) for j in (1, 3, 5)])
    tone = lambda h: alpha * np.array([int(h[j:j + 2], 16) for j in (1, 3, 5)]) + (1 - alpha) * background
    right_tone, wrong_tone = tone(data["colors"][chosen]), tone(data["style"]["wrong"])
    canvas = browser.find_element(By.ID, "map")
    width, height = canvas.size["width"], canvas.size["height"]
    box = view_box(recorded["embedding"])
    members = np.flatnonzero(labels == chosen)
    for k in (0, S - 1):
        browser.execute_script(f"location.hash = '#snapshot={k}'")
        WebDriverWait(browser, 5).until(lambda b: b.execute_script("return location.hash") == f"#snapshot={k}")
        if k == 0:
            browser.find_elements(By.CSS_SELECTOR, ".class-button")[chosen].click()
        browser.execute_script("document.activeElement.blur()")
        browser.execute_script("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        pixels = read_png(canvas.screenshot_as_png).astype(np.float64)
        points = pixel_positions(recorded["embedding"][k], box, width, height)[members]
        agree = 0
        for j in range(len(members)):
            x, y = (int(round(v)) for v in points[j])
            p = pixels[y, x]
            looks_right = np.abs(p - right_tone).sum() < np.abs(p - wrong_tone).sum()
            agree += looks_right == (guesses[k][members[j]] == chosen)
        assert agree >= 0.85 * len(members), (k, agree, len(members))


def test_the_guide_comes_first_step_by_step_and_can_be_skipped(browser, run_dir):
    """Opened without a moment in the address, the page shows the frames' reading guide, one
    screen at a time with the same words; Next steps through it and Skip closes it."""
    open_page(browser, run_dir / "timelapse.html")
    data = browser.execute_script("return JSON.parse(document.getElementById('data').textContent)")
    screens = [s["text"] for s in data["guide"]["screens"]]
    assert len(screens) == 4
    guide = browser.find_element(By.ID, "guide")
    assert guide.is_displayed()
    assert browser.find_element(By.ID, "guide-title").text == data["guide"]["title"]
    seen = [browser.find_element(By.ID, "guide-text").text]
    for _ in screens[1:]:
        browser.find_element(By.ID, "guide-next").click()
        seen.append(browser.find_element(By.ID, "guide-text").text)
    assert seen == screens
    browser.find_element(By.ID, "guide-skip").click()
    assert not guide.is_displayed()
    open_page(browser, run_dir / "timelapse.html", "#snapshot=2")
    assert not browser.find_element(By.ID, "guide").is_displayed()


def test_any_kind_is_found_by_typing_its_name(browser, run_dir):
    open_page(browser, run_dir / "timelapse.html", "#snapshot=1")
    data = browser.execute_script("return JSON.parse(document.getElementById('data').textContent)")
    browser.execute_script("document.getElementById('find').hidden = false")
    find = browser.find_element(By.ID, "find")
    assert find.get_attribute("placeholder") == data["words"]["findKind"]
    name = data["classes"][3]
    find.send_keys(name[1:4])
    rows = browser.find_elements(By.CSS_SELECTOR, "#classes tbody tr")
    shown = [data["classes"][i] for i, r in enumerate(rows) if r.is_displayed()]
    assert name in shown and all(name[1:4].lower() in n.lower() for n in shown), shown


def test_keyboard_plays_steps_and_the_address_keeps_the_moment(browser, run_dir, recorded):
    open_page(browser, run_dir / "timelapse.html", "#snapshot=1")
    assert browser.find_element(By.ID, "slider").get_attribute("value") == "1"
    body = browser.find_element(By.TAG_NAME, "body")
    def address_becomes(fragment):
        WebDriverWait(browser, 5).until(lambda b: b.execute_script("return location.hash") == fragment)
    body.send_keys(Keys.ARROW_RIGHT)
    address_becomes("#snapshot=2")
    body.send_keys(Keys.ARROW_LEFT, Keys.ARROW_LEFT)
    address_becomes("#snapshot=0")
    body.send_keys(Keys.SPACE)
    assert browser.find_element(By.ID, "play").get_attribute("aria-pressed") == "true"
    WebDriverWait(browser, 10).until(lambda b: float(b.find_element(By.ID, "slider").get_attribute("value")) > 0.5)
    body.send_keys(Keys.SPACE)
    assert browser.find_element(By.ID, "play").get_attribute("aria-pressed") == "false"
    # Every control can be reached with Tab and has a name.
    names = browser.execute_script("""
        return [...document.querySelectorAll('button, input, select')].map(e =>
            e.getAttribute('aria-label') || (e.labels && e.labels.length && e.labels[0].textContent.trim()) || e.textContent.trim())""")
    assert all(names), names


def test_screenshot_of_the_last_snapshot_is_kept(browser, run_dir, artifacts):
    open_page(browser, run_dir / "timelapse.html")
    last_snapshot(browser)
    browser.execute_script("document.activeElement.blur()")
    data = browser.execute_script("return JSON.parse(document.getElementById('data').textContent)")
    assert browser.find_element(By.ID, "title").text == data["titles"][-1]
    path = artifacts / "last-snapshot.png"
    path.write_bytes(browser.get_screenshot_as_png())
    pixels = read_png(path.read_bytes())
    assert list(pixels.shape[:2]) == browser.execute_script("return [innerHeight, innerWidth]")
    # Every class colour is on screen (the dots and the table's swatches).
    for colour in data["colors"]:
        rgb = np.array([int(colour[k:k + 2], 16) for k in (1, 3, 5)])
        assert (np.abs(pixels.astype(int) - rgb).max(axis=2) <= 2).sum() > 20, colour


def test_an_embedding_of_other_activations_is_refused(run_dir, tmp_path):
    stale = tmp_path / "embedding.h5"
    shutil.copy(run_dir / "embedding.h5", stale)
    with h5py.File(stale, "r+") as f:
        f.attrs["source_digest"] = "0" * 64
    page = tmp_path / "timelapse.html"
    done = subprocess.run([BIN / "viz-render", "--activations", run_dir / "activations.h5", "--embedding", stale,
                           "--html", page], capture_output=True, text=True)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and str(stale) in lines[0], lines
    assert sorted(p.name for p in tmp_path.iterdir()) == ["embedding.h5"], "no page, not even a partial one"


def test_a_gallery_picture_pins_its_dot_and_mistakes_can_be_shown_alone(browser, run_dir, recorded):
    open_page(browser, run_dir / "timelapse.html")
    data = browser.execute_script("return JSON.parse(document.getElementById('data').textContent)")
    k = next(s for s, g in enumerate(data["gallery"]) if g)
    browser.execute_script(f"location.hash = '#snapshot={k}'")
    WebDriverWait(browser, 5).until(lambda b: b.find_elements(By.CSS_SELECTOR, "#gallery button"))
    browser.find_elements(By.CSS_SELECTOR, "#gallery button")[0].click()
    i = data["gallery"][k]["samples"][0]
    truth, guess = recorded["classes"][recorded["labels"][i]], recorded["classes"][recorded["guesses"][k][i]]
    assert truth != guess
    WebDriverWait(browser, 5).until(lambda b: b.find_element(By.ID, "tip").is_displayed())
    assert browser.find_element(By.ID, "tip-truth").text.endswith(f": {truth}")
    assert browser.find_element(By.ID, "tip-guess").text == f"The network's guess now: {guess} (wrong)"
    assert browser.find_element(By.ID, "tip-pin").text.startswith("Pinned")
    # Only mistakes: the dots of pictures recognised now disappear, so far fewer class-coloured pixels.
    canvas = browser.find_element(By.ID, "map")
    colours = [[int(h[j:j + 2], 16) for j in (1, 3, 5)] for h in data["colors"]]
    background = [int(data["style"]["background"][j:j + 2], 16) for j in (1, 3, 5)]
    before = colour_counts(canvas.screenshot_as_png, colours, background, data["style"]["pointAlpha"]).sum()
    browser.find_element(By.ID, "mistakes").click()
    browser.execute_script("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    after = colour_counts(canvas.screenshot_as_png, colours, background, data["style"]["pointAlpha"]).sum()
    share_wrong = float((recorded["guesses"][k] != recorded["labels"]).mean())
    assert after < (share_wrong + 0.2) * before, (before, after, share_wrong)


def test_frame_times_while_playing_are_measured_and_kept(browser, run_dir, artifacts):
    """Reports, does not judge: wall-clock figures depend on the machine (see bench/viewer_page.sh)."""
    open_page(browser, run_dir / "timelapse.html")
    browser.find_element(By.ID, "play").click()
    intervals = browser.execute_script("""
        const until = performance.now() + 2000, out = [];
        return new Promise(done => {
            let last = null;
            function tick(now) {
                if (last !== null) out.push(now - last);
                last = now;
                if (now < until) requestAnimationFrame(tick); else done(out);
            }
            requestAnimationFrame(tick);
        });""")
    assert float(browser.find_element(By.ID, "slider").get_attribute("value")) > 0, "the page played"
    assert len(intervals) > 10
    intervals = sorted(intervals)
    report = {"frames": len(intervals), "fps": round(1000 * len(intervals) / sum(intervals), 1),
              "median_ms": round(intervals[len(intervals) // 2], 2), "p95_ms": round(intervals[int(0.95 * (len(intervals) - 1))], 2)}
    (artifacts / "frame-times.json").write_text(json.dumps(report))
    print("frame times while playing:", report)
