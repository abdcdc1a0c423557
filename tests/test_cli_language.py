"""The command line in the user's language (SPEC §12): messages and --help follow LANG through gettext,
place names and captions follow --language, and English output is what it always was; each test that reads
a library runs on a library file and on a PostgreSQL database (SPEC §13)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.engines import ENGINES, location_args, new_location

ROOT = Path(__file__).resolve().parents[1]
PO = ROOT / "app" / "locale" / "zh_CN" / "LC_MESSAGES" / "tripfold.po"


def run(*args: str, library: Path | str, lang: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    env.update({"PYTHONPATH": str(ROOT), "LANG": lang})
    env.pop("TRIPFOLD_LIBRARY", None)
    env.pop("TRIPFOLD_DB_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "app", *location_args(library), *args],
        capture_output=True, text=True, env=env, timeout=120, encoding="utf-8",
    )  # fmt: skip


@pytest.fixture(scope="module", params=ENGINES)
def library(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The sample trips once per engine (the tests only read them)."""
    folder = tmp_path_factory.mktemp("samples")
    location = new_location(request, request.param, folder)
    out = run("demo", str(folder / "photos"), library=location, lang="C")
    assert out.returncode == 0, out.stderr
    return location


def test_help_and_messages_in_chinese_under_a_chinese_locale(tmp_path: Path, library_location: str) -> None:
    helped = run("--help", library=tmp_path / "lib.db", lang="zh_CN.UTF-8")
    assert helped.returncode == 0
    assert helped.stdout.startswith("用法：tripfold")
    assert "按地点和日期把照片和视频归入一次次旅行，全程离线。" in helped.stdout
    assert "列出旅行，最早的在前" in helped.stdout  # a command's help line
    empty = run("trips", library=library_location, lang="zh_CN.UTF-8")
    assert empty.returncode == 0 and "还没有旅行。" in empty.stderr


def test_help_and_messages_in_english_under_the_c_locale(tmp_path: Path, library_location: str) -> None:
    helped = run("--help", library=tmp_path / "lib.db", lang="C")
    assert helped.stdout.startswith("usage: tripfold")
    assert "list trips, oldest first" in helped.stdout and "列出" not in helped.stdout
    empty = run("trips", library=library_location, lang="C")
    assert "No trips. Index folders" in empty.stderr


@pytest.mark.parametrize("lang", ["C", "zh_CN.UTF-8"])
def test_a_bad_language_is_refused_naming_the_option_and_the_values(tmp_path: Path, lang: str) -> None:
    out = run("trips", "--language", "fr", library=tmp_path / "lib.db", lang=lang)
    assert out.returncode == 2 and out.stdout == ""
    assert "--language" in out.stderr and "'en', 'zh-Hans'" in out.stderr and "'fr'" in out.stderr


@pytest.mark.parametrize("command", ["files", "clusters", "trips", "homes"])
def test_english_json_is_unchanged_by_the_option(library: str, command: str) -> None:
    plain = run(command, "--json", library=library, lang="C")
    english = run(command, "--json", "--language", "en", library=library, lang="zh_CN.UTF-8")
    assert plain.returncode == english.returncode == 0
    assert plain.stdout == english.stdout  # byte for byte, whatever the messages' language


def test_places_and_captions_in_chinese(library: str) -> None:
    trips = json.loads(run("trips", "--json", "--language", "zh-Hans", library=library, lang="C").stdout)
    captions = [t["Caption"] for t in trips["Trips"]]
    assert captions == ["巴黎4日游", "悉尼3日游", "浙江5日游", "京都3日游", "旧金山周末"]
    zhejiang = trips["Trips"][2]
    assert zhejiang["Place"] == {"Country": "中国", "Province": "浙江", "City": ""}
    assert [s["City"] for s in zhejiang["Stops"]] == ["杭州", "嘉兴"]
    files = json.loads(run("files", "--json", "--language", "zh-Hans", library=library, lang="C").stdout)
    addresses = [f["Addresses"][0] for f in files["Files"] if f["Addresses"]]
    assert {a["Language"] for a in addresses} == {"zh-Hans"}
    assert {(a["Country"], a["City"]) for a in addresses} >= {
        ("中国", "杭州"),
        ("法国", "巴黎"),
        ("日本", "京都"),
    }
    clusters = json.loads(
        run(
            "clusters", "--json", "--language", "zh-Hans", "--levels", "city", library=library, lang="C"
        ).stdout
    )
    kyoto = next(c for c in clusters["LocationDateClusters"] if c["Addresses"][0]["City"] == "京都")
    assert kyoto["PlaceCaption"] == "京都 · 日本京都府" and kyoto["DaysText"] == "3天"
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日(–\d{1,2}日)?", kyoto["DateRangeText"])
    listed = run("trips", "--language", "zh-Hans", library=library, lang="zh_CN.UTF-8")
    assert "旧金山周末" in listed.stdout and "2天" in listed.stdout


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"\{[^}]*\}|%\([a-z_]+\)[rsd]|%[rsd]", text))


def test_every_message_is_translated_and_keeps_its_placeholders() -> None:
    check = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_locale.py"), "--check"], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr  # no message of the code left out or untranslated
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from build_locale import read_po
    finally:
        sys.path.pop(0)
    _, entries = read_po(PO)
    assert len(entries) > 80
    for (msgid, _plural), strings in entries.items():
        for translated in strings:
            assert _placeholders(translated) == _placeholders(msgid), msgid


def test_the_compiled_catalogue_matches_its_source(tmp_path: Path) -> None:
    """The committed .mo is what the .po compiles to (an edit of the .po without a rebuild fails here)."""
    import gettext

    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from build_locale import read_po, write_mo
    finally:
        sys.path.pop(0)
    header, entries = read_po(PO)
    fresh = tmp_path / "fresh.mo"
    write_mo(fresh, header, entries)
    assert fresh.read_bytes() == PO.with_suffix(".mo").read_bytes()
    with open(fresh, "rb") as f:
        catalogue = gettext.GNUTranslations(f)
    assert catalogue.gettext("usage: ") == "用法："
    assert catalogue.ngettext("{n} day", "{n} days", 3) == "{n}天"
