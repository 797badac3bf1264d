"""The README's first command really serves the demo: `python3 dev.py run` on a fresh database."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status, response.read().decode("utf-8")


def test_readme_run_command_serves_the_demo(fresh_database_url, tmp_path):
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": fresh_database_url}
    log = (tmp_path / "service.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "dev.py"), "run", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 180
        body = ""
        while time.monotonic() < deadline:
            assert proc.poll() is None, (tmp_path / "service.log").read_text()
            try:
                status, body = _get(f"http://127.0.0.1:{port}/")
                if status == 200:
                    break
            except OSError:
                time.sleep(0.5)
        assert "创新工作室全周期管理服务" in body, (tmp_path / "service.log").read_text()
        total = re.search(r"当前登记命名 <strong>(\d+)</strong>", body)
        assert total is not None
        assert int(total.group(1)) >= 40
        for scheme_name in ("杨浦区", "上海市劳模创新工作室", "上海市工匠创新工作室", "乐山市"):
            assert scheme_name in body
        status, health = _get(f"http://127.0.0.1:{port}/healthz")
        assert status == 200
        assert json.loads(health)["checks"]["database"] == {"status": "ok"}
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
