"""YAML data read through the JSON cache: the same data, never stale, and no PyYAML import when cached."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from skill.core import datafiles

REPO = Path(__file__).resolve().parents[1]


def test_an_edited_file_is_read_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    data = tmp_path / "rules.yaml"
    data.write_text("greeting: {en: hello, zh: 你好}\n", encoding="utf-8")
    assert datafiles.load(data) == {"greeting": {"en": "hello", "zh": "你好"}}
    assert datafiles.load(data) == {"greeting": {"en": "hello", "zh": "你好"}}     # from the cache
    time.sleep(0.01)
    data.write_text("greeting: {en: hi}\n", encoding="utf-8")
    assert datafiles.load(data) == {"greeting": {"en": "hi"}}


def test_a_key_written_twice_is_refused_with_its_line(tmp_path, monkeypatch):
    # YAML keeps the last of two keys: a second `zh:` under an intent dropped the first list's
    # phrases without a word (it happened in intents/router.yaml)
    import yaml

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    data = tmp_path / "rules.yaml"
    data.write_text("link:\n  zh: ['链接']\n  en: ['link']\n  zh: ['网址']\n", encoding="utf-8")
    with pytest.raises(yaml.YAMLError, match="duplicate key 'zh'") as err:
        datafiles.load(data)
    assert "line 4" in str(err.value)
    data.write_text("link:\n  zh: ['链接', '网址']\n  en: ['link']\n", encoding="utf-8")
    assert datafiles.load(data) == {"link": {"zh": ["链接", "网址"], "en": ["link"]}}


def test_every_data_file_of_the_skill_has_each_key_once():
    for path in [*sorted((REPO / "intents").glob("*.yaml")), REPO / "skill.yaml"]:
        datafiles._parse(str(path))     # raises on a key written twice


def test_a_broken_or_unwritable_cache_is_only_slower(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    data = tmp_path / "x.yaml"
    data.write_text("a: 1\n", encoding="utf-8")
    datafiles.load(data)
    for f in cache.rglob("*.json"):
        f.write_text("{not json", encoding="utf-8")
    assert datafiles.load(data) == {"a": 1}
    monkeypatch.setenv("XDG_CACHE_HOME", str(data))    # a file, not a folder: nothing can be written
    assert datafiles.load(data) == {"a": 1}


def test_a_cached_message_needs_no_yaml_import(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "PYTHONPATH": str(REPO)}
    code = ("import sys; from skill.core import catalogue; catalogue.message('no_change', 'zh'); "
            "print('yaml' in sys.modules)")
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert first.stdout.strip() == "True" and second.stdout.strip() == "False"
