"""Tests written for the survivors of mutation seed 43 (sixth session): an HTML file is
told by its first bytes, the command line's error goes to stderr, a question records
its search time as part of its whole time, and a terms-file line that only ends in ]
is a term."""

from __future__ import annotations

import time

from support.unit_harness import UnitBot

from bot.__main__ import _fail
from retrieval.corpus.formats.sniff import HTML, sniff
from retrieval.text.dictionary import read_curated_terms


def test_html_is_told_by_its_first_bytes():
    page = "<!DOCTYPE html><html><body><p>正文</p></body></html>".encode()
    assert sniff(page) == HTML
    assert sniff("板凳议事会是什么".encode()) is None  # plain text is no kind of its own


def test_the_command_lines_error_goes_to_stderr_with_its_code(capsys):
    assert _fail("no token", 2) == 2
    captured = capsys.readouterr()
    assert captured.err == "error: no token\n" and captured.out == ""


async def test_a_question_records_its_search_time_within_its_whole_time(unit_bot: UnitBot):
    started = time.perf_counter()
    await unit_bot.ask(701, "红色物业是什么")
    elapsed_ms = (time.perf_counter() - started) * 1000
    snapshot = unit_bot.state.stats.snapshot()
    assert snapshot.search_median_ms is not None and snapshot.median_ms is not None
    assert 0 <= snapshot.search_median_ms <= snapshot.median_ms <= elapsed_ms
    unit_bot.clean()


def test_a_line_only_ending_in_a_bracket_is_a_term(tmp_path):
    terms = tmp_path / "terms.dict"
    terms.write_text("[initiatives]\n红色物业\n板凳议事会]\n[names]\n嘎查\n", encoding="utf-8")
    read = read_curated_terms(terms)
    assert read.initiatives == ("红色物业", "板凳议事会]") and read.names == ("嘎查",)
