"""The public base URL follows the port the service listens on unless it is configured."""

from __future__ import annotations

import pytest

from lifecycle.config import get_settings, serving_settings


@pytest.fixture(autouse=True)
def _fresh_settings(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no .env of the developer's
    # serving_settings writes the variable itself: setenv first so that the undo removes it.
    monkeypatch.setenv("WORKSHOPS_BASE_URL", "unset")
    monkeypatch.delenv("WORKSHOPS_BASE_URL")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_the_port_given_to_the_service_becomes_the_base_url_of_every_link(monkeypatch):
    monkeypatch.setenv("WORKSHOPS_PORT", "8000")
    settings = serving_settings(None, 8123)
    assert settings.base_url == "http://127.0.0.1:8123"
    assert get_settings().base_url == "http://127.0.0.1:8123"  # the app built next reads it


def test_a_wildcard_host_links_to_localhost():
    assert serving_settings("0.0.0.0", 9000).base_url == "http://127.0.0.1:9000"


def test_a_configured_base_url_wins(monkeypatch):
    monkeypatch.setenv("WORKSHOPS_BASE_URL", "https://gh.example.cn")
    assert serving_settings(None, 8123).base_url == "https://gh.example.cn"
