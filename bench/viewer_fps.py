"""Measures the interactive page in headless Chromium: plays it at 1× and records the interval
between requestAnimationFrame callbacks for SECONDS (the page draws in its own callback of the
same frames, so a slow draw shows as longer intervals). Then, paused, hovers HOVERS seeded random
places on the map (a pointermove each) and times the frame that answers: from the start of the
next animation frame to the end of the page's draw in it, and how many hovers found a dot and
showed its card. Usage: viewer_fps.py PAGE.html [SECONDS] [HOVERS]"""
import json
import os
import pathlib
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

page, seconds = pathlib.Path(sys.argv[1]).resolve(), float(sys.argv[2]) if len(sys.argv) > 2 else 5
hovers = int(sys.argv[3]) if len(sys.argv) > 3 else 60
options = webdriver.ChromeOptions()
options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,900"):
    options.add_argument(flag)
driver = webdriver.Chrome(options=options, service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")))
try:
    driver.get(page.as_uri())
    WebDriverWait(driver, 60).until(lambda d: d.execute_script("return document.body.dataset.ready === 'true'"))
    driver.find_element(By.ID, "play").click()
    intervals = driver.execute_script("""
        const until = performance.now() + arguments[0] * 1000, out = [];
        return new Promise(done => {
            let last = null;
            function tick(now) {
                if (last !== null) out.push(now - last);
                last = now;
                if (now < until) requestAnimationFrame(tick); else done(out);
            }
            requestAnimationFrame(tick);
        });""", seconds)
    position = float(driver.find_element(By.ID, "slider").get_attribute("value"))
    driver.find_element(By.ID, "play").click()  # paused again
    # rAF callbacks run in the order they were asked for: one asked before the pointermove (whose
    # draw the page asks for in its handler) and one after bracket the page's draw in that frame.
    hovered = driver.execute_script("""
        const map = document.getElementById("map"), tip = document.getElementById("tip"), r = map.getBoundingClientRect();
        let seed = 7;
        const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
        const frame = () => new Promise(done => requestAnimationFrame(done));
        const out = [];
        return (async () => {
            for (let k = 0; k < arguments[0]; k++) {
                await frame();
                let start = 0;
                requestAnimationFrame(now => { start = performance.now(); });
                map.dispatchEvent(new PointerEvent("pointermove", { bubbles: true,
                    clientX: r.left + r.width * (0.1 + 0.8 * random()), clientY: r.top + r.height * (0.1 + 0.8 * random()) }));
                await frame();
                out.push({ ms: performance.now() - start, shown: !tip.hidden });
            }
            map.dispatchEvent(new PointerEvent("pointerleave"));
            return out;
        })();""", hovers)
finally:
    driver.quit()
intervals.sort()
mean = sum(intervals) / len(intervals)
p95 = intervals[int(0.95 * (len(intervals) - 1))]
answers = sorted(h["ms"] for h in hovered)
print(json.dumps({"frames": len(intervals), "fps": round(1000 / mean, 1), "mean_ms": round(mean, 2),
                  "median_ms": round(intervals[len(intervals) // 2], 2), "p95_ms": round(p95, 2),
                  "max_ms": round(intervals[-1], 2), "position_reached": round(position, 2),
                  "hovers": len(hovered), "hovers_on_a_dot": sum(h["shown"] for h in hovered),
                  "hover_median_ms": round(answers[len(answers) // 2], 2), "hover_max_ms": round(answers[-1], 2)}))
