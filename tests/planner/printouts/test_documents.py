"""The coordinators' documents, read back from the PDFs (pdftotext) and the HTML."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from markupsafe import escape

from planner.model import Unserved, Unvisited
from planner.printouts import write_printouts
from tests.planner.printouts.conftest import HOSTILE_NAME, Written, pdf_text, squeeze

DOCUMENTS = ("summary", "grid", "rooms", "agendas", "slips", "signin", "training")


def test_every_document_is_written_as_html_and_pdf(longyan_zh: Written) -> None:
    for stem in DOCUMENTS:
        for suffix in (".html", ".pdf"):
            path = longyan_zh.out / "print" / f"{stem}{suffix}"
            assert path in longyan_zh.paths
            assert path.stat().st_size > 0


def test_chinese_renders_in_the_pdfs(longyan_zh: Written) -> None:
    slips = longyan_zh.pdf_text("slips.pdf")
    assert "就诊预约单" in slips
    assert "多学科会诊" in slips  # a service's name_zh
    assert "病历资料" in slips  # a bring_zh item
    grid = longyan_zh.pdf_text("grid.pdf")
    assert "龙岩" in grid
    assert "学术报告厅" in grid  # the hall's name_zh
    assert "第1页" in squeeze(grid)  # the page footer, in a margin box


def test_pdfs_embed_only_the_cjk_font(longyan_zh: Written) -> None:
    listing = subprocess.run(
        ["pdffonts", str(longyan_zh.out / "print" / "grid.pdf")],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    fonts = listing.splitlines()[2:]
    assert fonts
    assert all("WenQuanYi" in line for line in fonts), listing


def test_english_and_chinese_labels_differ(longyan_zh: Written, longyan_en: Written) -> None:
    english = squeeze(longyan_en.pdf_text("slips.pdf"))
    chinese = squeeze(longyan_zh.pdf_text("slips.pdf"))
    assert "Appointmentslip" in english
    assert "Multidisciplinaryconsultation" in english
    assert "Appointmentslip" not in chinese
    assert "Multidisciplinaryconsultation" not in chinese
    assert "就诊预约单" not in english
    assert "Sat15Mar2025" in english
    assert "2025年3月15日周六" in chinese


def test_one_slip_page_per_family(longyan_zh: Written) -> None:
    families = {patient.family for patient in longyan_zh.scenario.patients}
    pages = longyan_zh.pdf_text("slips.pdf").count("\f")
    assert pages == len(families)


def test_slips_show_times_rooms_and_no_severity(longyan_en: Written) -> None:
    html = longyan_en.html("slips.html")
    slips = html.split('<section class="slip">')[1:]
    patients = {p.id: p for p in longyan_en.scenario.patients}
    assert len(slips) == len({p.family for p in patients.values()})
    assert longyan_en.plan.appointments
    for appointment in longyan_en.plan.appointments:
        family = patients[appointment.patient].family
        slip = next(s for s in slips if f"Family {family}:" in s)
        assert f"{appointment.start:%H:%M}–{appointment.end:%H:%M}" in slip
    for word in ("severe", "intermediate", "carrier"):
        assert word not in html.lower()


def test_every_appointment_is_on_its_experts_agendas(longyan_en: Written) -> None:
    sections = longyan_en.html("agendas.html").split('<section class="sheet">')[1:]
    experts = longyan_en.scenario.experts
    assert len(sections) == len(experts)
    by_expert = dict(zip((e.id for e in experts), sections, strict=True))
    patients = {p.id: p for p in longyan_en.scenario.patients}
    assert longyan_en.plan.appointments and longyan_en.plan.breaks
    for appointment in longyan_en.plan.appointments:
        row = (
            f'<td class="time">{appointment.start:%H:%M}–{appointment.end:%H:%M}</td>'
            f"<td>{_service_name(longyan_en, appointment.service)}</td>"
        )
        for expert in appointment.experts:
            section = by_expert[expert]
            assert row in section
            assert patients[appointment.patient].name in section
    for expert_id, breaks in longyan_en.plan.breaks.items():
        for lunch in breaks:
            assert (
                f"{lunch.start:%H:%M}–{lunch.end:%H:%M}</td><td>Lunch break"
                in (by_expert[expert_id])
            )


def test_every_unserved_reason_is_on_the_summary(longyan_zh: Written) -> None:
    assert longyan_zh.plan.unserved
    summary = squeeze(longyan_zh.pdf_text("summary.pdf"))
    for unserved in longyan_zh.plan.unserved:
        assert squeeze(unserved.reason) in summary
    served = len(longyan_zh.plan.appointments)
    needs = served + len(longyan_zh.plan.unserved)
    assert f"已安排:{served}/{needs}" in summary


def test_sign_in_list_is_in_order_of_arrival(longyan_en: Written) -> None:
    html = longyan_en.html("signin.html")
    arrivals = re.findall(r'<td class="num">\d+</td><td class="time">(\d\d:\d\d)</td>', html)
    families = {patient.family for patient in longyan_en.scenario.patients}
    assert len(arrivals) == len(families)
    assert arrivals == sorted(arrivals)


def test_master_grid_lists_every_appointment_in_its_room(longyan_en: Written) -> None:
    text = squeeze(longyan_en.pdf_text("grid.pdf"))
    assert longyan_en.plan.appointments
    for appointment in longyan_en.plan.appointments:
        assert f"{appointment.start:%H:%M}–{appointment.end:%H:%M}" in text
    rooms = longyan_en.scenario.venues[0].rooms
    used = [room for room in rooms if any(a.room == room.id for a in longyan_en.plan.appointments)]
    assert used
    for room in used:
        assert squeeze(room.name or room.id) in text


def test_training_programme(longyan_zh: Written) -> None:
    text = longyan_zh.pdf_text("training.pdf")
    assert "基层医生地中海贫血诊疗专题培训" in text
    assert "移植时机" in text  # a topic
    session = longyan_zh.plan.trainings[0]
    assert f"{session.start:%H:%M}–{session.end:%H:%M}" in text


def _service_name(written: Written, service_id: str) -> str:
    return next(s.name for s in written.scenario.services if s.id == service_id)


def test_every_unvisited_reason_is_on_the_summary(tiny: Written, tmp_path: Path) -> None:
    reason = "no team can reach Village <1> within its window"
    plan = tiny.plan.model_copy(
        update={"routes": [], "unvisited": [Unvisited(household="h1", reason=reason)]}
    )
    write_printouts(tiny.scenario, plan, tmp_path, lang="en")
    html = (tmp_path / "print" / "summary.html").read_text(encoding="utf-8")
    assert str(escape(reason)) in html
    assert squeeze(reason) in squeeze(pdf_text(tmp_path / "print" / "summary.pdf"))


def test_a_family_with_nothing_booked_gets_a_slip_saying_so(tiny: Written, tmp_path: Path) -> None:
    reason = "no expert free before the family leaves"
    plan = tiny.plan.model_copy(
        update={
            "appointments": [],
            "unserved": [Unserved(patient="p01", service="mdt", reason=reason)],
        }
    )
    write_printouts(tiny.scenario, plan, tmp_path, lang="zh")
    text = squeeze(pdf_text(tmp_path / "print" / "slips.pdf"))
    assert squeeze("很抱歉，本次未能为您安排就诊") in text
    assert squeeze("本次未能安排") in text
    assert squeeze(f"{HOSTILE_NAME}: Consultation <img src=x onerror=alert(2)>") in text
    assert squeeze(reason) not in text  # the reason is for the coordinators' summary
    assert squeeze(reason) in squeeze(pdf_text(tmp_path / "print" / "summary.pdf"))
