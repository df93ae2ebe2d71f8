"""HTML safety, the language tables, and no network use."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from planner.model.errors import InputError
from planner.printouts import pdf
from planner.printouts.html import css_string
from planner.printouts.labels import EN, ZH, labels_for
from planner.printouts.pdf import PdfJob, refuse_network, write_pdf
from tests.planner.printouts.conftest import HOSTILE_NAME, Written, pdf_text


def test_scenario_text_is_escaped_everywhere(tiny: Written) -> None:
    pages = sorted((tiny.out / "print").rglob("*.html"))
    assert len(pages) == 7  # six coordinators' documents and one route sheet
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<script" not in html
        assert "<img" not in html
        assert "<b>" not in html
        assert "<u>" not in html
        assert html.count("</style>") == html.count("<style>")
    slips = (tiny.out / "print" / "slips.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in slips
    assert "&lt;u&gt;records&lt;/u&gt;" in slips


def test_hostile_names_print_as_text(tiny: Written) -> None:
    text = pdf_text(tiny.out / "print" / "slips.pdf")
    assert HOSTILE_NAME in text


def test_the_footer_string_cannot_end_the_style_element() -> None:
    escaped = css_string('a "b" </style>\n<x>\\')
    assert "</style" not in escaped
    assert '"' not in escaped.replace('\\"', "")
    assert escaped == 'a \\"b\\" \\3c /style\\3e  \\3c x\\3e \\\\'


def test_language_tables_have_the_same_words() -> None:
    assert ZH.keys() == EN.keys()
    differing = [key for key in ZH if ZH[key] != EN[key]]
    assert len(differing) > 0.9 * len(ZH)


def test_unknown_language_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown printout language 'fr'"):
        labels_for("fr")


def test_dates_in_each_language() -> None:
    import datetime as dt

    day = dt.date(2025, 7, 6)
    assert labels_for("zh").date(day) == "2025年7月6日 周日"
    assert labels_for("en").date(day) == "Sun 6 Jul 2025"


@pytest.mark.parametrize("url", ["http://example.com/a.css", "HTTPS://example.com/x.png"])
def test_network_urls_are_refused(url: str) -> None:
    with pytest.raises(InputError, match="never load from the network"):
        refuse_network(url)


def test_a_pdf_with_a_remote_image_renders_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def spy(url: str) -> None:
        asked.append(url)
        refuse_network(url)

    monkeypatch.setattr(pdf, "refuse_network", spy)
    html = '<html><body><p>离线</p><img src="https://example.com/logo.png"></body></html>'
    path = write_pdf(PdfJob(html, tmp_path / "x.pdf"))
    assert asked == ["https://example.com/logo.png"]
    assert re.sub(r"\s", "", pdf_text(path)) == "离线"


def test_pdfs_render_alike_on_worker_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf, "POOL_MIN_CHARS", 0)
    words = ["一号", "二号", "三号"]
    jobs = [
        PdfJob(f"<html><body><p>{word}</p></body></html>", tmp_path / f"{n}.pdf")
        for n, word in enumerate(words)
    ]
    assert pdf.write_pdfs(jobs) == [job.path for job in jobs]
    assert [re.sub(r"\s", "", pdf_text(job.path)) for job in jobs] == words
