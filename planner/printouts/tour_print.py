"""`print/tour.{html,pdf}`: the year at a glance (a strip per month) and a page per expert."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from planner.model.tour import Tour, TourPlan
from planner.printouts.html import css_string, environment, print_css
from planner.printouts.pdf import PdfJob, write_pdf
from planner.printouts.tour_rows import TourRows, tour_rows


@dataclass
class DayCell:
    """One day of a month strip."""

    day: int
    weekend: bool
    stops: list[str] = field(default_factory=list)


@dataclass
class Strip:
    """One month: its label and a cell per day."""

    label: str
    cells: list[DayCell]


def month_strips(rows: TourRows) -> list[Strip]:
    """A strip per month that has a stop, each stop marked on each of its days."""
    strips = []
    for year, month in rows.months:
        size = calendar.monthrange(year, month)[1]
        cells = [DayCell(d, dt.date(year, month, d).weekday() >= 5) for d in range(1, size + 1)]
        for row in rows.stops:
            day = row.start
            while day <= row.end:
                if (day.year, day.month) == (year, month):
                    cells[day.day - 1].stops.append(row.city)
                day += dt.timedelta(days=1)
        strips.append(Strip(f"{year}-{month:02d}", cells))
    return strips


def tour_html(tour: Tour, plan: TourPlan, lang: str) -> str:
    """The printout as one HTML page (styles inlined)."""
    rows = tour_rows(tour, plan, lang)
    t = rows.labels
    before, _, after = t["page"].partition("{page}")
    return (
        environment()
        .get_template("tour.html.j2")
        .render(
            t=_Labels(t), title=t["title"], stop=tour.name, css=print_css(), rows=rows,
            strips=month_strips(rows), unfilled=plan.unfilled, unscheduled=plan.unscheduled,
            page_before=css_string(before), page_after=css_string(after),
        )
    )  # fmt: skip


class _Labels:
    """The labels as attributes, as the shared base template reads them (`t.html_lang`)."""

    def __init__(self, labels: dict[str, str]) -> None:
        self.__dict__.update(labels)


def write_tour_print(tour: Tour, plan: TourPlan, folder: Path, lang: str) -> list[Path]:
    """Write `tour.html` and `tour.pdf` into `folder`; return both paths."""
    folder.mkdir(parents=True, exist_ok=True)
    html = tour_html(tour, plan, lang)
    html_path = folder / "tour.html"
    html_path.write_text(html, encoding="utf-8")
    return [html_path, write_pdf(PdfJob(html=html, path=folder / "tour.pdf"))]
