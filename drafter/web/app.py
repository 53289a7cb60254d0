"""The web app behind `drafter serve`: a page per department, a page for the office.

Every request is checked before it reaches a handler: the Host header must be
one the server listens as (no DNS rebinding), a state-changing request must
carry the page's CSRF token and come from the same origin, and bodies are
small.  Pages use no inline script or style, so the Content-Security-Policy
can forbid both; every text a user wrote is escaped by the templates or set
as text by the scripts, never as HTML.
"""

from __future__ import annotations

import io
import secrets
import tempfile
from pathlib import Path
from typing import Any

from flask import Flask, abort, jsonify, render_template, request, send_file

from ..commands.build import build
from ..errors import DrafterError, SourceErrors
from ..files import atomic_write, drafter_folder
from ..writers import history
from . import access, office, sections

MAX_BODY = 512 * 1024  # a section file is a few KB; the page sends its data as JSON
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                               "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def create_app(root: Path, hosts: list[str], save_pause=None) -> Flask:
    """The app for the report folder `root`, answering only to `hosts` ("127.0.0.1:8000", …)."""
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    secret = secrets.token_bytes(32)
    allowed = set(hosts)

    def tokens() -> access.Tokens:
        return access.load_tokens(root, list(sections.departments(root)))

    @app.before_request
    def guard() -> None:
        if request.host not in allowed:
            abort(400)
        if request.method not in ("GET", "HEAD"):
            if request.headers.get("Origin") != f"http://{request.host}":
                abort(403)
            token = (request.view_args or {}).get("token", "")
            sent = request.headers.get("X-CSRF-Token", "")
            if not token or not secrets.compare_digest(sent, access.csrf_token(secret, token)):
                abort(403)

    @app.after_request
    def headers(response):
        response.headers.update(SECURITY_HEADERS)
        return response

    def department(token: str) -> tuple[str, list[sections.SectionFile]]:
        name = tokens().department_of(token)
        if name is None or name == access.OFFICE:
            abort(403)
        files = sections.departments(root).get(name)
        if not files:
            abort(403)
        return name, files

    def one_file(token: str, number: int) -> tuple[str, sections.SectionFile]:
        name, files = department(token)
        if not 0 <= number < len(files):
            abort(403)
        return name, files[number]

    def office_only(token: str) -> None:
        if tokens().department_of(token) != access.OFFICE:
            abort(403)

    def body() -> dict[str, Any]:
        data = request.get_json(silent=True)
        if not isinstance(data, dict):
            abort(400)
        return data

    # --- a department's page -------------------------------------------------------------
    @app.get("/d/<token>")
    def department_page(token: str):
        name, files = department(token)
        return render_template("department.html", department=name, files=files,
                               csrf=access.csrf_token(secret, token), title=office.title(root))

    @app.get("/api/d/<token>")
    def department_data(token: str):
        name, files = department(token)
        return jsonify(department=name, submitted=office.submitted(root).get(name),
                       files=[sections.form(root, file) | {"id": n} for n, file in enumerate(files)])

    @app.post("/api/d/<token>/<int:number>/check")
    def department_check(token: str, number: int):
        _, file = one_file(token, number)
        return _answer(lambda: sections.preview_and_messages(root, file, body().get("data")))

    @app.post("/api/d/<token>/<int:number>/save")
    def department_save(token: str, number: int):
        name, file = one_file(token, number)
        sent = body()
        try:
            return _answer(lambda: sections.save(root, file, str(sent.get("hash", "")), sent.get("data"), name,
                                                 save_pause))
        except sections.Conflict as conflict:
            return jsonify(conflict=conflict.current,
                           message="保存前发现这个文件已被别人（或在电脑上）改过，没有保存。"
                                   "下面是文件现在的内容；请对照后重新修改，再保存。"), 409

    @app.get("/api/d/<token>/<int:number>/versions")
    def department_versions(token: str, number: int):
        _, file = one_file(token, number)
        return jsonify(versions=sections.versions(root, file))

    @app.post("/api/d/<token>/<int:number>/restore")
    def department_restore(token: str, number: int):
        name, file = one_file(token, number)
        entry = str(body().get("version", ""))
        try:
            return _answer(lambda: sections.restore(root, file, entry, name) or {"restored": True})
        except KeyError:
            abort(404)

    @app.post("/api/d/<token>/submit")
    def department_submit(token: str):
        name, _ = department(token)
        office.submit(root, name)
        return jsonify(submitted=office.submitted(root).get(name))

    # --- the office's page -----------------------------------------------------------------
    @app.get("/o/<token>")
    def office_page(token: str):
        office_only(token)
        return render_template("office.html", csrf=access.csrf_token(secret, token), title=office.title(root))

    @app.get("/api/o/<token>/status")
    def office_status(token: str):
        office_only(token)
        known = tokens()
        base = f"http://{request.host}"
        rows = office.status(root)
        for row in rows:
            row["link"] = f"{base}/d/{known.by_department[row['department']]}" \
                if row["department"] in known.by_department and row["department"] != access.OFFICE else ""
        return jsonify(rows=rows, history=[
            {"time": e.time.astimezone().strftime("%Y-%m-%d %H:%M:%S"), "command": e.command,
             "files": [f.path for f in e.files], "undone": e.undone}
            for e in reversed(history.entries(root))])

    @app.post("/api/o/<token>/check")
    def office_check(token: str):
        office_only(token)
        return jsonify(problems=office.check_all(root))

    @app.get("/o/<token>/word")
    def office_word(token: str):
        office_only(token)
        with tempfile.TemporaryDirectory(prefix="drafter-serve-") as temp:
            try:
                output = build(root, Path(temp) / "报告.docx")
            except SourceErrors as exc:
                return jsonify(problems=[str(e) for e in exc.errors]), 422
            except DrafterError as exc:
                return jsonify(problems=[str(exc)]), 422
            data = output.read_bytes()
        return send_file(io.BytesIO(data), as_attachment=True, download_name=f"{office.title(root)}.docx",
                         mimetype="application/vnd.openxmlformats-officedocument.wordprocessingml.document")

    @app.get("/favicon.ico")
    def no_icon():
        return "", 204

    @app.errorhandler(400)
    @app.errorhandler(403)
    @app.errorhandler(404)
    @app.errorhandler(413)
    def refused(error):
        text = {400: "请求有误", 403: "没有权限：这个链接不能打开该内容", 404: "找不到", 413: "提交的内容太大"}
        code = getattr(error, "code", 400)
        if request.path.startswith("/api/"):
            return jsonify(message=text.get(code, "请求有误")), code
        return render_template("refused.html", message=text.get(code, "请求有误")), code

    return app


def _answer(work):
    """Run a handler's work; a problem with the sources comes back as its Chinese message."""
    try:
        return jsonify(work())
    except SourceErrors as exc:
        return jsonify(message="\n".join(str(e) for e in exc.errors)), 422
    except DrafterError as exc:
        return jsonify(message=str(exc)), 422
    except (ValueError, TypeError):
        return jsonify(message="提交的内容格式不对，请刷新页面后重试"), 400


def links(root: Path, base: str) -> list[tuple[str, str]]:
    """(who, link) for the office and every department."""
    known = access.load_tokens(root, list(sections.departments(root)))
    rows = [("汇总（全部科室）", f"{base}/o/{known.office}")]
    rows += [(name, f"{base}/d/{token}") for name, token in known.by_department.items() if name != access.OFFICE
             and name in sections.departments(root)]
    return rows


def write_links(root: Path, rows: list[tuple[str, str]]) -> Path:
    path = drafter_folder(root) / "serve" / "链接.txt"
    text = "\n".join(f"{who}\t{link}" for who, link in rows) + "\n"
    atomic_write(path, text.encode("utf-8"))
    return path
