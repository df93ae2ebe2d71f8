"""Writing every printout of a plan into its output folder."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from planner.model import Plan, Scenario
from planner.printouts.calls import call_list, changed_families, not_called
from planner.printouts.entries import Entry, Names, schedule_days, schedule_entries
from planner.printouts.families import sign_in_days, slips
from planner.printouts.html import render
from planner.printouts.ical import cancelled_entries, write_calendars
from planner.printouts.labels import labels_for
from planner.printouts.pdf import PdfJob, write_pdfs
from planner.printouts.routesheets import route_sheets
from planner.printouts.sheets import Agenda, RoomSheet, agendas, day_grids, room_sheets
from planner.printouts.summary import courses, summary
from planner.printouts.workbook import write_workbook


@dataclass(frozen=True)
class Document:
    """One printout: its file stem, template, title and what the template shows."""

    stem: str
    template: str
    title: str
    context: dict[str, Any]


@dataclass(frozen=True)
class Stop:
    """What every printout of one plan is made from, worked out once."""

    scenario: Scenario
    plan: Plan
    names: Names
    entries: list[Entry]
    days: list[dt.date]

    @staticmethod
    def of(scenario: Scenario, plan: Plan, lang: str) -> Stop:
        """The stop's names in `lang`, and its plan as schedule entries."""
        names = Names(scenario, labels_for(lang))
        entries = schedule_entries(scenario, plan, names)
        return Stop(scenario, plan, names, entries, schedule_days(scenario, entries))

    @cached_property
    def rooms(self) -> list[RoomSheet]:
        """One sheet per room and day (printed, and in the workbook)."""
        return room_sheets(self.names, self.entries, self.days)

    @cached_property
    def experts(self) -> list[Agenda]:
        """One agenda per expert (printed, in the workbook and as calendars)."""
        return agendas(self.scenario, self.names, self.entries)

    @property
    def title(self) -> str:
        """The stop's name in the chosen language."""
        return self.names.text.pick(self.scenario.name, self.scenario.name_zh)


def write_printouts(
    scenario: Scenario, plan: Plan, out_dir: Path, lang: str = "zh", previous: Plan | None = None
) -> list[Path]:
    """Write the coordinators' and volunteers' printouts of a plan into `out_dir`.

    Writes `print/<document>.html` and `.pdf` (summary, master grid, room sheets, expert
    agendas, family slips, sign-in list, training programme), `schedule.xlsx`,
    `calendar/<expert>.ics`, and `print/routes/<team>-<day>.html` and `.pdf`.

    Args:
        scenario: The stop the plan is for.
        plan: The plan to print.
        out_dir: The plan's output folder.
        lang: 'zh' or 'en', the language of every label and date.
        previous: The plan this one replaces (a re-plan): the experts' calendars then
            also carry its events that are gone, as cancelled.

    Returns:
        Every path written.

    Raises:
        InputError: for an unknown language, or a plan naming teams or households the
            scenario lacks.
    """
    stop = Stop.of(scenario, plan, lang)
    written: list[Path] = []
    pdfs: list[PdfJob] = []
    for document in coordinator_documents(stop, replan=previous is not None):
        written += _write(out_dir / "print", document, stop, pdfs)
    if scenario.experts:
        workbook = out_dir / "schedule.xlsx"
        text = stop.names.text
        written.append(
            write_workbook(workbook, text, stop.entries, stop.days, stop.rooms, stop.experts)
        )
        written += _write_calendars(out_dir / "calendar", stop, previous)
    written += _write_route_sheets(out_dir / "print" / "routes", stop, pdfs)
    write_pdfs(pdfs)
    return written


def write_diff_printouts(
    scenario: Scenario, old_plan: Plan, new_plan: Plan, out_dir: Path, lang: str = "zh"
) -> list[Path]:
    """Write the printouts of a re-planned day: whom to tell, and what changed for them.

    Writes `print/changes.html` and `.pdf` (one line per family, household or expert
    whose day changed, soonest first, with phone numbers), slips only for the families
    whose appointments changed or are new, the other documents of `write_printouts`
    for the new plan (room sheets, agendas, grid, ...), and the experts' calendars with
    the events the new plan drops sent as cancelled.

    Args:
        scenario: The day as it now is (after the changes).
        old_plan: The published plan that is replaced.
        new_plan: The re-planned day, with its `changes`.
        out_dir: The re-plan's output folder.
        lang: 'zh' or 'en'.

    Returns:
        Every path written.
    """
    return write_printouts(scenario, new_plan, out_dir, lang, previous=old_plan)


def coordinator_documents(stop: Stop, replan: bool = False) -> list[Document]:
    """The coordinators' documents, in the order they are printed.

    For a re-plan (`replan`), the list of whom to tell comes first, and only the
    families whose appointments changed or are new get a slip.
    """
    scenario, names, entries, days = stop.scenario, stop.names, stop.entries, stop.days
    text = names.text
    documents = []
    if replan:
        calls = {
            "calls": call_list(scenario, stop.plan, names),
            "not_called": not_called(scenario, stop.plan, names),
        }
        documents.append(Document("changes", "changes.html.j2", text.changes, calls))
    documents.append(
        Document(
            "summary", "summary.html.j2", text.summary, {"s": summary(scenario, stop.plan, names)}
        )
    )
    if scenario.patients or scenario.trainings:
        grids = day_grids(names, entries, days)
        documents.append(Document("grid", "grid.html.j2", text.grid, {"grids": grids}))
        documents.append(Document("rooms", "rooms.html.j2", text.rooms, {"sheets": stop.rooms}))
        documents.append(
            Document("agendas", "agendas.html.j2", text.agendas, {"agendas": stop.experts})
        )
    if scenario.patients:
        venue = names.venue(scenario.venues[0].id) if len(scenario.venues) == 1 else ""
        family_slips = slips(scenario, stop.plan, names, entries)
        if replan:
            changed = changed_families(scenario, stop.plan)
            family_slips = [slip for slip in family_slips if slip.family in changed]
        context = {"slips": family_slips, "venue": venue, "footer": False}  # slips go home
        documents.append(Document("slips", "slips.html.j2", text.slips, context))
        sign_in = {"days": sign_in_days(scenario, names, entries)}
        documents.append(Document("signin", "signin.html.j2", text.signin, sign_in))
    if scenario.trainings:
        programme = {"courses": courses(scenario, names, entries)}
        documents.append(Document("training", "training.html.j2", text.training, programme))
    return documents


def _write_calendars(folder: Path, stop: Stop, previous: Plan | None) -> list[Path]:
    """The experts' calendars; after a re-plan, with `previous`'s lost events cancelled."""
    scenario, cancelled = stop.scenario, None
    if previous is not None:
        before = Stop.of(scenario, previous, stop.names.text.lang).experts
        cancelled = cancelled_entries(scenario.name, before, stop.experts)
    return write_calendars(
        folder, scenario.name, stop.experts, scenario.timezone, stop.title, cancelled,
        stop.names.text.lang,
    )  # fmt: skip


def _write_route_sheets(folder: Path, stop: Stop, pdfs: list[PdfJob]) -> list[Path]:
    """One sheet per route (HTML and PDF); sheets of an earlier plan are removed."""
    text = stop.names.text
    written = []
    for sheet in route_sheets(stop.scenario, stop.plan, text):
        document = Document(sheet.file_stem, "route.html.j2", text.route_sheet, {"r": sheet})
        written += _write(folder, document, stop, pdfs)
    if folder.exists():
        # So that no team follows the sheet of a route that was re-planned away.
        for path in folder.iterdir():
            if path.suffix in (".html", ".pdf") and path not in written:
                path.unlink()
    return written


def _write(folder: Path, document: Document, stop: Stop, pdfs: list[PdfJob]) -> list[Path]:
    """Write one document as HTML, and queue its PDF in `pdfs`."""
    folder.mkdir(parents=True, exist_ok=True)
    html = render(
        document.template, stop.names.text, stop.title, document.title, **document.context
    )
    html_path = folder / f"{document.stem}.html"
    html_path.write_text(html, encoding="utf-8")
    pdfs.append(PdfJob(html, folder / f"{document.stem}.pdf"))
    return [html_path, pdfs[-1].path]
