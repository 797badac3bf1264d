"""The README's first command really serves the demo: `python3 dev.py run` on a fresh database."""

from __future__ import annotations

import json
import os
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
        output = (tmp_path / "service.log").read_text()
        # The front door is the login page: no registry data for anonymous visitors.
        assert 'action="/login"' in body, output
        assert "杨浦 20" not in body
        # The startup output names the login address (on the port given) and the demo accounts.
        assert f"http://127.0.0.1:{port}/login" in output
        assert "demo-password-2026" in output
        assert "yangpu" in output
        # Logged in, the demo is all there.
        login = json.dumps(
            {"username": "city", "password": "demo-password-2026", "token_name": "t"}
        )
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/auth/tokens",
            data=login.encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            token = json.loads(response.read())["token"]
        listing = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/designations?limit=1",
            headers={"Authorization": f"Bearer {token}"},
        )
        with urllib.request.urlopen(listing, timeout=30) as response:
            assert json.loads(response.read())["total"] >= 40
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
