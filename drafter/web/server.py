"""Run the web app: where it listens, the links it prints, the browser it opens."""

from __future__ import annotations

import os
import socket
import threading
import time
import webbrowser
from collections.abc import Callable
from pathlib import Path

from waitress import create_server

from .app import create_app, links, write_links


def lan_address() -> str:
    """This PC's address on the office network (the interface a connection out would use)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: nothing is sent by a UDP connect
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"


class _PauseFile:
    """A save waits while this file exists (the tests' fixed point to kill the server mid-save);
    it writes "<file>.reached" first, so the test knows the save got there."""

    def __init__(self, path: str):
        self.path = Path(path)

    def wait(self) -> None:
        self.path.with_name(self.path.name + ".reached").write_text("", encoding="utf-8")
        while self.path.exists():
            time.sleep(0.05)


def serve(root: Path, host: str, port: int, lan: bool, open_browser: bool, say: Callable[[str], None],
          ready: threading.Event | None = None) -> None:
    """Serve the report folder `root` until interrupted."""
    hosts = {host}
    if host == "127.0.0.1":
        hosts.add("localhost")
    apps = []  # the app answers only to the port the server got: made once it is bound

    def application(environ, start_response):
        return apps[0](environ, start_response)

    server = create_server(application, host=host, port=port, threads=4, max_request_body_size=1024 * 1024)
    port = server.effective_port
    pause = os.environ.get("DRAFTER_SERVE_PAUSE_FILE")
    apps.append(create_app(root, [f"{name}:{port}" for name in hosts], _PauseFile(pause) if pause else None))
    base = f"http://{host}:{port}"
    rows = links(root, base)
    say(f"drafter serve：{root}  在 {base} 上运行（按 Ctrl+C 停止）")
    if lan:
        for who, link in rows:
            say(f"{who}\t{link}")
        say(f"以上链接已写入：{write_links(root, rows)}（可发给各科室；局域网内传输不加密）")
    else:
        say(f"汇总页面：{rows[0][1]}")
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(rows[0][1],)).start()
    if ready is not None:
        ready.set()
    server.run()
