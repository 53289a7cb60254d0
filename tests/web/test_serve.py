"""drafter serve, as a department and the office use it: in a real (headless) Chromium,
against the server started as a user starts it, on loopback only."""

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from conftest import EXAMPLE, ROOT

CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM = Path("/usr/bin/chromium")

if not (CHROMEDRIVER.exists() and CHROMIUM.exists()):
    if os.environ.get("CI"):
        raise RuntimeError("CI must install Debian's chromium and chromium-driver for the browser tests")
    pytest.skip("Chromium and chromedriver are not installed", allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


class Server:
    """`drafter serve FOLDER --port 0 --no-browser` in a process of its own."""

    def __init__(self, folder: Path, env: dict | None = None, host: str = "127.0.0.1", lan: bool = False):
        command = [sys.executable, "-m", "drafter", "serve", str(folder), "--port", "0", "--no-browser", "--host", host]
        self.process = subprocess.Popen(
            command + (["--lan"] if lan else []), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, encoding="utf-8",
            env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        )
        self.lines = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.lines.append(line.rstrip("\n"))
            match = re.search(r"在 (http://[\d.]+:\d+) 上运行", line)
            if match:
                self.base = match.group(1)
            if "汇总页面" in line or "链接已写入" in line:
                break
        assert hasattr(self, "base"), self.lines
        tokens = json.loads((folder / ".drafter" / "serve" / "tokens.json").read_text(encoding="utf-8"))
        self.office = f"{self.base}/o/{tokens['']}"
        self.departments = {name: f"{self.base}/d/{token}" for name, token in tokens.items() if name}

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def folder(tmp_path):
    return Path(shutil.copytree(EXAMPLE, tmp_path / "2021"))


@pytest.fixture
def server(folder):
    running = Server(folder)
    yield running
    running.stop()


def _browser():
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1366,768", "--lang=zh-CN"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)


@pytest.fixture
def browser():
    driver = _browser()
    yield driver
    driver.quit()


def _wait(driver, condition, seconds=15):
    return WebDriverWait(driver, seconds).until(condition)


def _messages(driver, path):
    box = driver.find_element(By.CSS_SELECTOR, f'.field[data-field="{path}"] .messages')
    return box.text


def test_a_department_adds_a_point_sees_the_messages_fixes_them_and_saves(server, folder, browser):
    source = folder / "sections" / "06-化解矛盾.yaml"
    before = source.read_text(encoding="utf-8")
    browser.get(server.departments["普法与依法治理科"])
    _wait(browser, ec.presence_of_element_located((By.CSS_SELECTOR, ".point")))
    count = len(browser.find_elements(By.CSS_SELECTOR, ".point"))
    browser.find_element(By.XPATH, "//button[text()='添加要点']").click()
    new = f"points.{count}"
    title = browser.find_element(By.CSS_SELECTOR, f'[data-path="{new}.title"]')
    text = browser.find_element(By.CSS_SELECTOR, f'[data-path="{new}.text"]')
    title.send_keys("开展调解员培训")
    text.send_keys("全年培训调解员【培训人数不存在】人次,覆盖全部镇街。")
    _wait(browser, lambda d: "未知的占位符" in _messages(d, f"{new}.text"))
    _wait(browser, lambda d: "半角" in _messages(d, f"{new}.text") or "，" in _messages(d, f"{new}.text"))
    text.clear()
    text.send_keys("全年培训调解员1200人次，覆盖全部镇街。")
    _wait(browser, lambda d: _messages(d, f"{new}.text") == "")
    browser.find_element(By.XPATH, "//button[text()='保存']").click()
    _wait(browser, lambda d: d.find_element(By.ID, "state").text == "已保存")
    after = source.read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert [line.strip() for line in added] == ["- title: 开展调解员培训", "text: 全年培训调解员1200人次，覆盖全部镇街。"]
    assert after.startswith(before.rstrip("\n")[: before.index("points:")])  # comments, department, $schema kept
    assert [line for line in before.splitlines() if line not in after.splitlines()] == []


def test_a_token_reaches_only_its_own_files_and_changes_need_the_page_token(server, folder):
    mine = server.departments["法治督察科"]  # one file: sections/01-党的领导.yaml
    token = mine.rsplit("/", 1)[1]
    page = requests.get(mine, timeout=10)
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
    headers = {"Origin": server.base, "X-CSRF-Token": csrf}
    assert page.headers["Content-Security-Policy"].startswith("default-src 'none'; script-src 'self'")
    assert page.headers["Referrer-Policy"] == "no-referrer"
    data = requests.get(f"{server.base}/api/d/{token}", timeout=10).json()
    assert [f["name"] for f in data["files"]] == ["01-党的领导.yaml"]
    # another department's file is no id of this token's
    assert requests.post(f"{server.base}/api/d/{token}/1/save", json={}, headers=headers, timeout=10).status_code == 403
    assert requests.get(f"{server.base}/d/not-a-token", timeout=10).status_code == 403
    assert requests.get(f"{server.base}/api/o/{token}/status", timeout=10).status_code == 403
    # no CSRF token, a foreign origin, a foreign Host header: refused, nothing written
    before = {p: p.read_bytes() for p in (folder / "sections").iterdir()}
    sent = {"hash": data["files"][0]["hash"], "data": {"title": "改了", "points": []}}
    assert requests.post(f"{server.base}/api/d/{token}/0/save", json=sent, headers={"Origin": server.base},
                         timeout=10).status_code == 403
    assert requests.post(f"{server.base}/api/d/{token}/0/save", json=sent,
                         headers={**headers, "Origin": "http://evil.example"}, timeout=10).status_code == 403
    assert requests.get(mine, headers={"Host": "evil.example"}, timeout=10).status_code == 400
    assert requests.post(f"{server.base}/api/d/{token}/0/check", data=b"x" * (600 * 1024),
                         headers={**headers, "Content-Type": "application/json"}, timeout=10).status_code == 413
    assert {p: p.read_bytes() for p in (folder / "sections").iterdir()} == before


def test_two_people_saving_the_same_section_get_a_conflict_and_nothing_is_lost(server, folder):
    first, second = _browser(), _browser()
    try:
        for driver in (first, second):
            driver.get(server.departments["法治督察科"])
            _wait(driver, ec.presence_of_element_located((By.CSS_SELECTOR, '[data-path="points.0.text"]')))
        for driver, words in ((first, "（甲修改）"), (second, "（乙修改）")):
            driver.find_element(By.CSS_SELECTOR, '[data-path="points.0.text"]').send_keys(words)
        first.find_element(By.XPATH, "//button[text()='保存']").click()
        _wait(first, lambda d: d.find_element(By.ID, "state").text == "已保存")
        second.find_element(By.XPATH, "//button[text()='保存']").click()
        _wait(second, lambda d: "没有保存" in d.find_element(By.ID, "state").text)
        conflict = second.find_element(By.CSS_SELECTOR, ".conflict").text
        assert "已被别人" in conflict and "（乙修改）" in conflict and "（甲修改）" in conflict
        text = (folder / "sections" / "01-党的领导.yaml").read_text(encoding="utf-8")
        assert "（甲修改）" in text and "（乙修改）" not in text
    finally:
        first.quit()
        second.quit()


def _page_token(link: str) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', requests.get(link, timeout=10).text).group(1)


def _save_first_point(server, department: str, text: str) -> requests.Response:
    """What the page sends when the first point's text is changed to `text` and saved."""
    token = server.departments[department].rsplit("/", 1)[1]
    form = requests.get(f"{server.base}/api/d/{token}", timeout=10).json()["files"][0]
    data = form["data"]
    sent = {"title": data["title"], "figures": data.get("figures", []),
            "points": [{"from": i, **{k: p.get(k) for k in ("title", "text", "items")}} for i, p in enumerate(data["points"])]}
    sent["points"][0]["text"] = text
    return requests.post(f"{server.base}/api/d/{token}/0/save", json={"hash": form["hash"], "data": sent},
                         headers={"Origin": server.base, "X-CSRF-Token": _page_token(server.departments[department])},
                         timeout=60)


def test_the_office_sees_the_save_and_downloads_what_drafter_build_writes(server, folder, browser, tmp_path):
    browser.get(server.office)
    row = "//tr[td[2][text()='sections/01-党的领导.yaml']]"
    _wait(browser, ec.presence_of_element_located((By.XPATH, row)))
    assert browser.find_element(By.XPATH, row + "/td[3]").text == "0"
    answer = _save_first_point(server, "法治督察科", "【待填写】")
    assert answer.status_code == 200, answer.text
    _wait(browser, lambda d: d.find_element(By.XPATH, row + "/td[3]").text == "1", 30)
    assert "网页填写：法治督察科" in browser.find_element(By.ID, "history").text
    download = requests.get(f"{server.office}/word", timeout=120)
    assert download.status_code == 200
    built = tmp_path / "built.docx"
    subprocess.run([sys.executable, "-m", "drafter", "build", str(folder), "-o", str(built)], check=True,
                   capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert download.content == built.read_bytes()


def test_a_server_killed_in_the_middle_of_a_save_leaves_the_file_as_it_was(folder, tmp_path):
    pause = tmp_path / "pause"
    pause.write_text("", encoding="utf-8")
    running = Server(folder, env={"DRAFTER_SERVE_PAUSE_FILE": str(pause)})
    source = folder / "sections" / "01-党的领导.yaml"
    before = source.read_bytes()
    try:
        import threading

        def save() -> None:
            try:
                _save_first_point(running, "法治督察科", "新的内容。")
            except requests.ConnectionError:  # the server is killed before it answers
                pass

        saving = threading.Thread(target=save, daemon=True)
        saving.start()
        reached = tmp_path / "pause.reached"
        deadline = time.monotonic() + 30
        while not reached.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert reached.exists()
        running.process.kill()
        running.process.wait()
    finally:
        running.stop()
    assert source.read_bytes() == before
    assert not [p for p in source.parent.iterdir() if p.name.startswith(".~")]


def test_lan_links_are_listed_and_written_for_the_office_to_mail(folder):
    running = Server(folder, host="127.0.0.2", lan=True)
    try:
        listed = "\n".join(running.lines)
        written = (folder / ".drafter" / "serve" / "链接.txt").read_text(encoding="utf-8")
        for name, link in running.departments.items():
            assert link.startswith("http://127.0.0.2:") and f"{name}\t{link}" in listed and f"{name}\t{link}" in written
        assert requests.get(running.office, timeout=10).status_code == 200
    finally:
        running.stop()
    again = Server(folder)  # the links survive a restart
    try:
        assert {n: l.rsplit("/", 1)[1] for n, l in again.departments.items()} == \
               {n: l.rsplit("/", 1)[1] for n, l in running.departments.items()}
    finally:
        again.stop()


def test_a_draft_shows_last_years_point_and_an_earlier_version_comes_back(tmp_path, browser):
    from drafter.commands.next_year import next_year
    from drafter.readers.sources import load_report

    draft = tmp_path / "2022"
    next_year(EXAMPLE, draft)
    source = draft / "sections" / "01-党的领导.yaml"
    before = source.read_bytes()
    running = Server(draft)
    try:
        browser.get(running.departments["法治督察科"])
        _wait(browser, ec.presence_of_element_located((By.CSS_SELECTOR, ".past")))
        past = browser.find_element(By.CSS_SELECTOR, ".past").text
        old = load_report(EXAMPLE).parts[0].sections[0].points[0]
        assert past == f"去年：{old.title}。{old.text}"  # last year's title and text, as written
        assert "[object Object]" not in past
        answer = _save_first_point(running, "法治督察科", "今年的新内容。")
        assert answer.status_code == 200, answer.text
        assert source.read_bytes() != before
        token = running.departments["法治督察科"].rsplit("/", 1)[1]
        versions = requests.get(f"{running.base}/api/d/{token}/0/versions", timeout=10).json()["versions"]
        assert len(versions) == 1 and "网页填写：法治督察科" in versions[0]["command"]
        restored = requests.post(f"{running.base}/api/d/{token}/0/restore", json={"version": versions[0]["id"]},
                                 headers={"Origin": running.base, "X-CSRF-Token": _page_token(running.departments["法治督察科"])},
                                 timeout=30)
        assert restored.status_code == 200, restored.text
        assert source.read_bytes() == before
    finally:
        running.stop()
