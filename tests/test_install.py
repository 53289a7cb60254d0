"""A user's install: a non-editable `pip install` of a clean copy finds its template."""

import os
import shutil
import subprocess
import venv

import pytest
from conftest import EXAMPLE, ROOT, TEMPLATES


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A venv with drafter installed from a copy of the sources (dependencies from this environment)."""
    base = tmp_path_factory.mktemp("install")
    source = shutil.copytree(
        ROOT, base / "source",
        ignore=shutil.ignore_patterns(".git", "__pycache__", "*.egg-info", ".pytest_cache", "build", "dist", "*.docx"),
    )
    shutil.copy(TEMPLATES / "gbt9704.docx", source / TEMPLATES.relative_to(ROOT))
    env_dir = base / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=True)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", str(source)],
        check=True, capture_output=True,
    )
    shutil.rmtree(source)  # nothing may be found through the copy any more
    return base, bin_dir


def test_installed_command_builds_the_example(installed):
    base, bin_dir = installed
    output = base / "报告.docx"
    result = subprocess.run(
        [str(bin_dir / "drafter"), "build", str(EXAMPLE), "-o", str(output)],
        cwd=base, capture_output=True, encoding="utf-8",
    )
    assert result.returncode == 0, result.stderr
    assert output.stat().st_size > 5000


def test_installed_package_carries_its_template(installed):
    base, bin_dir = installed
    code = "import drafter, drafter.writers.docx.builtin as b; print(drafter.__file__); print(b.builtin_template())"
    result = subprocess.run([str(bin_dir / "python"), "-c", code], cwd=base, capture_output=True, encoding="utf-8", check=True)
    module, template = result.stdout.splitlines()
    assert str(base / "venv") in module
    assert str(base / "venv") in template and template.endswith("gbt9704.docx")


def test_installed_template_check_tries_the_template_on_its_bundled_sample(installed):
    base, bin_dir = installed
    template = base / "模板.docx"
    for command in (["template", "export", str(template)], ["template", "check", str(template)]):
        result = subprocess.run([str(bin_dir / "drafter"), *command], cwd=base, capture_output=True, encoding="utf-8",
                                check=False)
        assert result.returncode == 0, result.stderr
    assert "模板可以使用" in result.stdout
