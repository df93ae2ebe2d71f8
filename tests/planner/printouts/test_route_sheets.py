"""The volunteers' paper route sheets: numbering, contacts, and privacy."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from markupsafe import escape

from planner.model import route_file_stem
from planner.printouts import write_printouts
from tests.planner.printouts.conftest import Written, pdf_text, squeeze


def _sheets(written: Written) -> list[tuple[str, str]]:
    """(HTML, PDF text) of every route, in plan order."""
    folder = written.out / "print" / "routes"
    result = []
    for route in written.plan.routes:
        stem = route_file_stem(route.team, route.day)
        html = (folder / f"{stem}.html").read_text(encoding="utf-8")
        result.append((html, pdf_text(folder / f"{stem}.pdf")))
    return result


def test_one_sheet_per_route_named_like_the_maps(longyan_zh: Written) -> None:
    folder = longyan_zh.out / "print" / "routes"
    assert longyan_zh.plan.routes
    stems = {route_file_stem(r.team, r.day) for r in longyan_zh.plan.routes}
    assert {p.stem for p in folder.iterdir()} == stems
    assert "team-a-2025-03-16" in stems


def test_numbers_follow_the_route_order(longyan_en: Written) -> None:
    households = {h.id: h for h in longyan_en.scenario.visits.households}
    assert longyan_en.plan.routes and all(route.visits for route in longyan_en.plan.routes)
    for route, (html, _) in zip(longyan_en.plan.routes, _sheets(longyan_en), strict=True):
        rows = re.findall(r'<td class="num">(\d+)</td><td class="time">(\d\d:\d\d)</td>', html)
        assert [int(number) for number, _ in rows] == list(range(1, len(route.visits) + 1))
        assert [time for _, time in rows] == [f"{v.arrive:%H:%M}" for v in route.visits]
        positions = [html.index(escape(households[v.household].village)) for v in route.visits]
        assert positions == sorted(positions)


def test_contacts_and_phone_links(longyan_en: Written) -> None:
    households = {h.id: h for h in longyan_en.scenario.visits.households}
    teams = {t.id: t for t in longyan_en.scenario.visits.teams}
    assert longyan_en.plan.routes and all(route.visits for route in longyan_en.plan.routes)
    for route, (html, text) in zip(longyan_en.plan.routes, _sheets(longyan_en), strict=True):
        assert f'href="tel:{teams[route.team].phone}"' in html
        assert "<th>Team members</th><td>" + ", ".join(teams[route.team].members) in html
        for visit in route.visits:
            household = households[visit.household]
            assert f'<a href="tel:{household.phone}">{household.phone}</a>' in html
            assert squeeze(household.contact or "") in squeeze(text)


def test_no_diagnosis_severity_or_purpose(longyan_zh: Written, longyan_en: Written) -> None:
    scenario = longyan_zh.scenario
    private = ["severe", "intermediate", "carrier", "transfusion", "重型", "携带", "输血"]
    private += [s.name for s in scenario.services] + [s.name_zh or s.id for s in scenario.services]
    private += [h.purpose or "" for h in scenario.visits.households]
    private += [h.purpose_zh or "" for h in scenario.visits.households]
    # Households are named as the planner wrote them (some after a child, as on the maps);
    # every other patient's name must stay off the sheets.
    labels = " ".join(f"{h.name} {h.contact}" for h in scenario.visits.households).lower()
    private += [p.name for p in scenario.patients if p.name and p.name.lower() not in labels]
    for written in (longyan_zh, longyan_en):
        sheets = _sheets(written)
        assert sheets, "no route sheet to search"
        for html, text in sheets:
            for word in filter(None, private):
                assert word.lower() not in html.lower(), word
                assert squeeze(word).lower() not in squeeze(text).lower(), word


def test_tiny_stop_sheet_shows_no_patient_or_purpose(tiny: Written) -> None:
    ((html, text),) = _sheets(tiny)
    for word in ("transfusion", "输血", "<script>alert", "alert(1)", "severe", "Consultation"):
        assert word not in html
        assert word not in text
    assert "&lt;script&gt;x()&lt;/script&gt; family" in html  # the household's own name
    assert 'href="tel:13800000011"' in html


def test_sheets_of_an_earlier_plan_are_removed(tiny: Written, tmp_path: Path) -> None:
    write_printouts(tiny.scenario, tiny.plan, tmp_path, lang="en")
    folder = tmp_path / "print" / "routes"
    assert sorted(p.name for p in folder.iterdir()) == [
        "team_a-2025-07-06.html",
        "team_a-2025-07-06.pdf",
    ]
    replanned = tiny.plan.model_copy(update={"routes": []})
    written = write_printouts(tiny.scenario, replanned, tmp_path, lang="en")
    assert list(folder.iterdir()) == []
    assert not any(path.is_relative_to(folder) for path in written)


STATUS_WORDS = {
    "zh": ["已访", "不在家", "拒绝", "已搬走"],
    "en": ["Visited", "Not at home", "Refused", "Moved away"],
}


def test_a_box_per_status_and_a_note_line_per_household(
    longyan_zh: Written, longyan_en: Written
) -> None:
    for written, lang in ((longyan_zh, "zh"), (longyan_en, "en")):
        for route, (html, text) in zip(written.plan.routes, _sheets(written), strict=True):
            households = html.split('<tbody class="household">')[1:]
            assert len(households) == len(route.visits)
            for block in households:
                ticks = re.findall(r'<span class="box"></span>([^<]+)</span>', block)
                assert ticks == STATUS_WORDS[lang]
                assert block.count('<tr class="note">') == 1
            # every status word once per household, and a note label, in the PDF too
            for word in STATUS_WORDS[lang]:
                assert squeeze(text).count(squeeze(word)) == len(route.visits), word
            note = "备注：" if lang == "zh" else "Notes:"
            assert squeeze(text).count(note) == len(route.visits)


def test_the_tick_column_fits_the_page(longyan_zh: Written, longyan_en: Written) -> None:
    """Every word of every sheet lies inside the page's right margin (12 mm)."""
    for written in (longyan_zh, longyan_en):
        for route in written.plan.routes:
            stem = route_file_stem(route.team, route.day)
            pdf = written.out / "print" / "routes" / f"{stem}.pdf"
            boxes = subprocess.run(
                ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True
            ).stdout.decode("utf-8")
            width = float(re.search(r'<page width="([\d.]+)"', boxes)[1])  # type: ignore[index]
            right = [
                float(x)
                for x in re.findall(r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"', boxes)
            ]
            assert right and max(right) <= width - 12 / 25.4 * 72 + 1
            assert any(word in boxes for word in ("已搬走", "Moved"))
