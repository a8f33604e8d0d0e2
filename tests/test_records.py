"""The archive's record: stable ids, kept corrections, conflicts, removal, incremental and byte-identical builds."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import unicodedata
import zlib
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from archive import content
from archive.content import (
    SHINGLE,
    SKETCH_SIZE,
    Registry,
    from_markdown,
    front_matter,
    parse_markdown,
    squash,
    squashed_sketch,
    squashed_start,
    write_content,
)
from archive.pipeline import BuildConfig, BuildResult, build

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p for p in (ROOT / "seeds").iterdir() if p.is_file() and not p.name.startswith("."))


def setup(tmp: Path, samples: list[Path], search: bool = False) -> BuildConfig:
    """Copy some sample raw files into a fresh seeds folder and return a build config over it."""
    seeds = tmp / "seeds"
    seeds.mkdir(parents=True, exist_ok=True)
    for p in samples:
        shutil.copy(p, seeds / p.name)
    return BuildConfig(seeds=seeds, content=tmp / "content", out=tmp / "site", search=search)


def published(config: BuildConfig) -> dict[str, dict]:
    """The site's reports.json records by id."""
    data = json.loads((config.out / "data" / "reports.json").read_text(encoding="utf-8"))
    return {r["id"]: r for r in data["reports"]}


def h1(config: BuildConfig, rid: str) -> str:
    page = config.out / "reports" / rid / "index.html"
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("h1").get_text(strip=True)


def messages(result: BuildResult, level: str) -> list[str]:
    return [f"{n.source}: {n.message}" for n in result.notices if n.level == level]


def site_files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file() and "pagefind" not in p.parts}


def correct_title(config: BuildConfig, rid: str, title: str) -> Path:
    """Edit a report's title in content/ as a person would, in a text editor."""
    path = config.content / f"{rid}.md"
    text = path.read_text(encoding="utf-8")
    front, _ = parse_markdown(text, str(path))
    old_line = next(line for line in text.splitlines() if line.startswith("title:"))
    path.write_text(text.replace(old_line, f"title: {title}", 1), encoding="utf-8", newline="\n")
    assert parse_markdown(path.read_text(encoding="utf-8"), str(path))[0]["title"] == title != front["title"]
    return path


# texts mixing what NFKC changes: combining marks (which reorder and compose), Hangul jamo, half-width
# kana and their voicing marks, compatibility ideographs and signs, full-width forms, white space
NFKC_MIX = st.text(st.sampled_from("a e\u0301\u0316\u0308\u1100\u1161\u11a8ｱﾞﾟ\uf900ﷺ㍿①ＡＢ１，。\u3000\n山东省卫"), max_size=700)


@given(NFKC_MIX, st.integers(min_value=1, max_value=80))
def test_a_new_ids_seed_is_the_start_of_the_whole_squashed_text(text: str, n: int) -> None:
    assert squashed_start(text, n) == squash(text)[:n]


@pytest.mark.parametrize("text", [
    "a" + "\u0301" * 400 + "\u0316" * 9,  # canonical reordering moves the last marks to the front of the run
    "通知" + "\u1100\u1161" * 400,  # Hangul jamo compose pairwise
    "ｶﾞ" * 500 + "。" * 300,  # half-width kana and voicing marks
], ids=["combining-marks", "hangul-jamo", "half-width-kana"])
def test_a_new_ids_seed_survives_long_runs_that_normalize_together(text: str) -> None:
    assert squashed_start(text, 64) == squash(text)[:64]


@given(st.text(st.sampled_from("山东 a\t\n\r\x0b\x0c\x1c\x85\xa0\u1680\u2000\u2007\u2028\u2029\u202f\u205f\u3000\ufeff\u200bＡ１，")))
def test_squash_is_nfkc_without_any_white_space(text: str) -> None:
    assert squash(text) == re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@given(NFKC_MIX)
def test_a_sketch_is_the_smallest_hashes_of_every_shingle(text: str) -> None:
    t = squash(text)
    grams = {t[i : i + SHINGLE] for i in range(max(1, len(t) - SHINGLE + 1))}  # every shingle, sliced one by one
    assert squashed_sketch(t) == sorted({zlib.crc32(g.encode("utf-8")) for g in grams})[:SKETCH_SIZE]


# characters YAML gives a meaning to, or must escape, among ordinary ones
YAML_TEXT = st.text(st.sampled_from(list("山东省：，。 \u3000-?:#,[]{}&*!|>'\"%@`.~=<+_0123456789yYnNtTfFoOe\n\t\r\x85\u2028\ufeff\x7f")),
                    max_size=12) | st.sampled_from(["2020-04-29", "12:30", "0x1f", "1e3", "null", "~", "yes", "...", "---", "-"])
YAML_SCALAR = YAML_TEXT | st.integers(-5, 10**6) | st.booleans()
YAML_VALUE = YAML_SCALAR | st.lists(YAML_SCALAR, min_size=1, max_size=3) \
    | st.lists(st.dictionaries(YAML_TEXT, YAML_SCALAR, min_size=1, max_size=3), min_size=1, max_size=2) \
    | st.dictionaries(YAML_TEXT, YAML_SCALAR | st.lists(YAML_SCALAR, min_size=1, max_size=2), min_size=1, max_size=3)


@given(st.dictionaries(YAML_TEXT, YAML_VALUE, min_size=1, max_size=6))
def test_front_matter_is_written_exactly_as_pyyaml_writes_it(front: dict) -> None:
    expected = yaml.dump(front, Dumper=content._Dumper, allow_unicode=True, sort_keys=False, width=1000)
    assert front_matter(front) == expected


TRICKY_YAML = ["a: b", "a:", "a #b", "a#b", "- a", "-a", "--09", "-", "? a", "?a", ": a", ":a", "...x", "---x", "..",
               "\ufeffa", "a\ufeff", "2020-04-29", "12:30", "1_000", "0o17", ".inf", "NO", "Off", "<<", "=", "a ",
               " a", "a\u3000", "\u3000a", "x\x85y", "a\tb", "a'b", "'a", "\"a", "a\"", "%a", "@a", "`a", "a,b", "[a",
               "a]", "{a", "a}", "&a", "*a", "!a", "|a", ">a", "#a", "山东：会议", "x" * 990, "山" * 996, "文 字" * 340]


@pytest.mark.parametrize("text", TRICKY_YAML)
def test_front_matter_writes_tricky_strings_as_pyyaml_does(text: str) -> None:
    for front in ({"k": text}, {text: "v"}, {"k": [text, 1, True]}, {"k": [{"a": text, "b": "c"}]}, {"k": {text: text}}):
        expected = yaml.dump(front, Dumper=content._Dumper, allow_unicode=True, sort_keys=False, width=1000)
        assert front_matter(front) == expected, front


def test_front_matter_of_real_reports_is_written_without_pyyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    # the samples' reports take the direct path (a regression to yaml.dump would cost most of the content stage)
    files = sorted((ROOT / "content").glob("*.md"))
    assert len(files) > 10
    reports = [from_markdown(p.read_text(encoding="utf-8"), str(p)) for p in files]

    def refuse(*args: object, **kw: object) -> str:
        raise AssertionError("yaml.dump called")

    monkeypatch.setattr(content.yaml, "dump", refuse)
    for p, r in zip(files, reports, strict=True):
        assert content.to_markdown(r) == p.read_text(encoding="utf-8"), p.name


def test_adding_documents_keeps_every_id_and_url(tmp_path: Path) -> None:
    config = setup(tmp_path, SAMPLES[:2])
    build(config)
    before = published(config)
    assert before
    setup(tmp_path, SAMPLES[2:])
    result = build(config)
    after = published(config)
    assert len(after) > len(before)
    for rid, r in before.items():
        assert after[rid]["url"] == r["url"] and after[rid]["title"] == r["title"]
        assert (config.out / "reports" / rid / "index.html").exists()
    assert result.work["documents_processed"] == len(SAMPLES) - 2


def test_ids_do_not_depend_on_which_other_documents_exist(tmp_path: Path) -> None:
    alone = setup(tmp_path / "alone", SAMPLES[-1:])
    build(alone)
    together = setup(tmp_path / "together", SAMPLES)
    build(together)
    ids_alone = set(published(alone))
    assert ids_alone and ids_alone <= set(published(together))


def test_removed_raw_file_removes_its_reports_and_says_so(tmp_path: Path) -> None:
    config = setup(tmp_path, SAMPLES)
    build(config)
    before = published(config)
    gone = SAMPLES[0].name
    gone_ids = {rid for rid, r in before.items() if r["source"] == gone}
    (config.seeds / gone).unlink()
    result = build(config)
    after = published(config)
    assert gone_ids and not gone_ids & set(after)
    assert set(after) == set(before) - gone_ids
    for rid in gone_ids:
        assert not (config.out / "reports" / rid).exists()
        assert not (config.content / f"{rid}.md").exists()
        assert any(rid in m and "raw file is gone" in m for m in messages(result, "info"))
    assert result.work["pages_removed"] >= len(gone_ids)


def test_renamed_raw_file_keeps_its_ids(tmp_path: Path) -> None:
    config = setup(tmp_path, SAMPLES[:2])
    build(config)
    before = published(config)
    old = SAMPLES[0].name
    (config.seeds / old).rename(config.seeds / f"renamed-{old}")
    result = build(config)
    after = published(config)
    assert set(after) == set(before)
    moved = [rid for rid, r in before.items() if r["source"] == old]
    assert moved and all(after[rid]["source"] == f"renamed-{old}" for rid in moved)
    assert any("renamed from" in m for m in messages(result, "info"))


def test_small_text_changes_keep_ids(tmp_path: Path) -> None:
    """Better cleaning rules change a few characters of a report; its id must not change."""
    config = setup(tmp_path, SAMPLES[:1])
    build(config)
    reports = [from_markdown(p.read_text(encoding="utf-8"), str(p)) for p in sorted(config.content.glob("*.md"))]
    registry = Registry.load(config.content)
    edited = []
    for r in reports:
        paras = r.text.split("\n\n")
        paras[0] = paras[0][2:]  # a rule now drops a leftover mark at the start
        paras[-1] = paras[-1] + "（完）"  # ... or keeps a closing mark
        mid = len(paras) // 2
        paras[mid] = paras[mid].replace("，", ",")
        edited.append(dataclasses.replace(r, id="", text="\n\n".join(paras)))
    again = registry.assign(list(reversed(edited)))
    assert sorted(r.id for r in again) == sorted(r.id for r in reports)
    by_title = {r.title: r.id for r in reports}
    assert all(by_title[r.title] == r.id for r in again)


def test_corrected_title_survives_rebuilds_and_reaches_the_site(tmp_path: Path) -> None:
    config = setup(tmp_path, SAMPLES[:2], search=True)
    build(config)
    rid = sorted(published(config))[0]
    path = correct_title(config, rid, "更正后的标题")
    corrected = path.read_bytes()
    for _ in range(2):
        result = build(config)
        assert path.read_bytes() == corrected
        assert published(config)[rid]["title"] == "更正后的标题"
        assert published(config)[rid]["corrected"] is True
        assert h1(config, rid) == "更正后的标题"
        assert not messages(result, "warning")
    assert result.work["pages_written"] == 0


def test_conflict_is_reported_when_the_raw_changes_under_a_correction(tmp_path: Path) -> None:
    config = setup(tmp_path, SAMPLES[:1])
    build(config)
    reports = published(config)
    rid = max(reports, key=lambda k: len(reports[k]["text"]))
    path = correct_title(config, rid, "人工更正的标题")
    raw = config.seeds / reports[rid]["source"]
    first, last = reports[rid]["raw_lines"]
    lines = raw.read_text(encoding="utf-8").split("\n")
    middle = (first + last) // 2
    lines[middle - 1] = lines[middle - 1] + "新增文字"
    raw.write_text("\n".join(lines), encoding="utf-8", newline="\n")

    result = build(config)
    conflicts = [m for m in messages(result, "warning") if "CONFLICT" in m]
    assert len(conflicts) == 1
    assert str(path) in conflicts[0] and "body text changed" in conflicts[0]
    assert published(config)[rid]["title"] == "人工更正的标题"
    assert "新增文字" not in published(config)[rid]["text"]

    result = build(config)
    assert [m for m in messages(result, "warning") if "CONFLICT" in m] == conflicts

    path.write_text(path.read_text(encoding="utf-8") + "\n补充一段。\n", encoding="utf-8", newline="\n")
    result = build(config)
    assert not [m for m in messages(result, "warning") if "CONFLICT" in m]
    assert any("conflict resolved" in m for m in messages(result, "info"))
    assert "补充一段" in published(config)[rid]["text"]


def test_report_missing_from_a_present_raw_file_is_kept_and_announced(tmp_path: Path) -> None:
    config = setup(tmp_path, SAMPLES[:1])
    result = build(config)
    generated = sorted(result.reports, key=lambda r: r.id)
    assert len(generated) >= 2
    registry = Registry.load(config.content)
    dropped = generated[0]
    kept, notices = write_content(generated[1:], config.content, registry, {dropped.source})
    assert {r.id for r in kept} == {r.id for r in generated}
    said = [n.message for n in notices if n.level == "warning"]
    assert len(said) == 1 and dropped.id in said[0] and "no longer found" in said[0]
    assert (config.content / f"{dropped.id}.md").exists()


def test_no_change_rebuild_does_no_work(tmp_path: Path) -> None:
    config = setup(tmp_path, SAMPLES, search=True)
    first = build(config)
    assert first.work["pages_written"] > len(first.reports)
    assert first.work["search_indexed"] == len(first.reports)
    files = site_files(config.out)
    second = build(config)
    assert second.work == {
        "documents_processed": 0, "documents_cached": len(SAMPLES), "pages_written": 0,
        "pages_kept": first.work["pages_written"], "pages_removed": 0, "search_indexed": 0,
        "search_shards": first.work["search_shards"],
    }
    assert site_files(config.out) == files


def test_adding_one_document_renders_only_its_pages_and_the_indexes_it_touches(tmp_path: Path) -> None:
    config = setup(tmp_path, SAMPLES[:-1])
    build(config)
    stamps = {p: p.stat().st_mtime_ns for p in config.out.rglob("index.html")}
    setup(tmp_path, SAMPLES[-1:])
    result = build(config)
    new = {rid for rid, r in published(config).items() if r["source"] == SAMPLES[-1].name}
    rewritten = {p for p, t in stamps.items() if p.stat().st_mtime_ns != t}
    report_pages = {p.parent.name for p in rewritten if p.parent.parent.name == "reports"}
    assert result.work["documents_processed"] == 1
    # a report page is written again only when it now shows a new report: as its neighbour
    # by date or agency, or among its related reports
    for rid in report_pages - new:
        html = (config.out / "reports" / rid / "index.html").read_text(encoding="utf-8")
        assert any(f"/reports/{n}/" in html for n in new), rid
    assert len(report_pages - new) < len(stamps) // 4
    assert result.work["pages_written"] < len(stamps) // 2
    assert result.work["pages_written"] >= len(new)


def test_incremental_build_equals_fresh_build(tmp_path: Path) -> None:
    step = setup(tmp_path / "step", SAMPLES[:2])
    build(step)
    setup(tmp_path / "step", SAMPLES[2:])
    (step.seeds / SAMPLES[0].name).unlink()
    build(step)
    fresh = setup(tmp_path / "fresh", SAMPLES[1:])
    build(fresh)
    step_files, fresh_files = site_files(step.out), site_files(fresh.out)
    for report in ("data/build-report.json", "build/index.html"):  # the build report says what was removed
        assert b"raw file is gone" in step_files.pop(report)
        assert b"raw file is gone" not in fresh_files.pop(report)
    assert step_files == fresh_files
    step_content = {p.name: p.read_bytes() for p in sorted(step.content.glob("*.md"))}
    assert step_content == {p.name: p.read_bytes() for p in sorted(fresh.content.glob("*.md"))}


def test_cache_never_changes_the_output(tmp_path: Path) -> None:
    config = setup(tmp_path, SAMPLES)
    build(config)
    files = site_files(config.out)
    shutil.rmtree(tmp_path / ".site-cache")
    result = build(config)
    assert result.work["documents_processed"] == len(SAMPLES)
    assert site_files(config.out) == files


@pytest.mark.parametrize("epoch", ["1600000000", "1700000000"])
def test_build_time_comes_only_from_source_date_epoch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, epoch: str) -> None:
    from archive.pipeline import build_time

    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert build_time().startswith("2020-" if epoch == "1600000000" else "2023-")


def test_ids_in_the_committed_record_are_kept(tmp_path: Path) -> None:
    """Building the samples over a copy of the committed content/ keeps every committed id and URL."""
    shutil.copytree(ROOT / "content", tmp_path / "content")
    committed = {p.stem for p in (tmp_path / "content").glob("*.md")}
    config = setup(tmp_path, SAMPLES)
    result = build(config)
    assert committed and set(published(config)) == committed
    assert not [m for m in messages(result, "warning") if "no longer found" in m or "CONFLICT" in m]


def test_dropping_and_reordering_reports_keeps_the_other_ids(tmp_path: Path) -> None:
    config = setup(tmp_path, SAMPLES[:1])
    result = build(config)
    reports = sorted(result.reports, key=lambda r: r.raw_span)
    assert len(reports) >= 3
    registry = Registry.load(config.content)
    survivors = reports[: len(reports) // 2] + reports[len(reports) // 2 + 1 :]
    again = registry.assign([dataclasses.replace(r, id="") for r in reversed(survivors)])
    assert [r.id for r in again] == [r.id for r in reversed(survivors)]


def test_a_copy_of_a_raw_file_does_not_take_over_its_reports(tmp_path: Path) -> None:
    """A byte-identical copy that sorts first is the one skipped: the original keeps its ids."""
    config = setup(tmp_path, SAMPLES[-1:])
    build(config)
    before = published(config)
    shutil.copy(SAMPLES[-1], config.seeds / f"0-copy-{SAMPLES[-1].name}")
    result = build(config)
    assert published(config) == before
    assert any("same bytes as" in m and "0-copy-" in m for m in messages(result, "warning"))
