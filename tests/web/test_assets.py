"""The pages work where offices are: no internet, old Chromium in 360/QQ browsers."""

import re
import shutil

import esprima
import pytest
from conftest import EXAMPLE, ROOT

from drafter.web.app import create_app, links

WEB = ROOT / "drafter" / "web"


@pytest.mark.parametrize("script", sorted((WEB / "static").glob("*.js")), ids=lambda p: p.name)
def test_scripts_use_no_syntax_newer_than_es2017(script):
    # esprima 4 parses ECMAScript 2017 and nothing newer (no ?. ?? or object spread), which
    # Chromium 86, the engine of 360/QQ browsers' fast mode, runs.
    esprima.parseScript(script.read_text(encoding="utf-8"))


def test_pages_load_nothing_from_outside_and_ask_for_the_webkit_engine(tmp_path):
    folder = shutil.copytree(EXAMPLE, tmp_path / "2021")
    app = create_app(folder, ["127.0.0.1:8700"])
    client = app.test_client()
    pages = [link.removeprefix("http://127.0.0.1:8700") for _, link in links(folder, "http://127.0.0.1:8700")]
    for page in pages:
        html = client.get(page, headers={"Host": "127.0.0.1:8700"}).get_data(as_text=True)
        assert '<meta name="renderer" content="webkit">' in html, page
        assert not re.search(r"""(?:src|href)=["'](?:https?:)?//""", html), page
        assert "<script>" not in html and " style=" not in html, page  # the CSP forbids inline code
        for asset in re.findall(r"""(?:src|href)=["'](/static/[^"']+)""", html):
            assert client.get(asset, headers={"Host": "127.0.0.1:8700"}).status_code == 200, asset


def test_serve_without_its_packages_says_how_to_install_them(tmp_path):
    import subprocess
    import sys

    blocker = tmp_path / "block"
    blocker.mkdir()
    (blocker / "flask.py").write_text("raise ImportError('flask is not installed')\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "drafter", "serve", str(EXAMPLE), "--no-browser"],
                            capture_output=True, encoding="utf-8", cwd=ROOT,
                            env={"PYTHONPATH": f"{blocker}{__import__('os').pathsep}{ROOT}", "PATH": ""})
    assert result.returncode == 2
    assert 'pip install "drafter[serve]"' in result.stderr and "Traceback" not in result.stderr
