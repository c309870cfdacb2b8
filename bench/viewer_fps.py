"""Measures the interactive page in headless Chromium: plays it at 1× and records the interval
between requestAnimationFrame callbacks for SECONDS (the page draws in its own callback of the
same frames, so a slow draw shows as longer intervals). Usage: viewer_fps.py PAGE.html [SECONDS]"""
import json
import os
import pathlib
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

page, seconds = pathlib.Path(sys.argv[1]).resolve(), float(sys.argv[2]) if len(sys.argv) > 2 else 5
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
finally:
    driver.quit()
intervals.sort()
mean = sum(intervals) / len(intervals)
p95 = intervals[int(0.95 * (len(intervals) - 1))]
print(json.dumps({"frames": len(intervals), "fps": round(1000 / mean, 1), "mean_ms": round(mean, 2),
                  "median_ms": round(intervals[len(intervals) // 2], 2), "p95_ms": round(p95, 2),
                  "max_ms": round(intervals[-1], 2), "position_reached": round(position, 2)}))
