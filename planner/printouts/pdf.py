"""PDFs with WeasyPrint, strictly offline: every network URL is refused."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from planner.model.errors import InputError
from planner.model.words import gettext as _

POOL_MIN_CHARS = 50_000
"""Below this much HTML in all (about 2 s of rendering), PDFs render in-process."""


@dataclass(frozen=True)
class PdfJob:
    """One HTML page (carrying its own styles) to render as a PDF at `path`."""

    html: str
    path: Path


LOCAL_SCHEMES = ("data:", "file:")


def refuse_network(url: str) -> None:
    """Raise unless `url` is local (data: or file:): printouts never load from the network.

    Raises:
        InputError: for any other URL; WeasyPrint leaves that resource out and goes on.
    """
    if not url.lower().startswith(LOCAL_SCHEMES):
        raise InputError(_("printouts never load from the network (refused {url})", url=url))


@cache
def offline_fetcher() -> Any:
    """WeasyPrint's URL fetcher, minus the network: only data: and file: URLs load."""
    from weasyprint import urls

    class OfflineFetcher(urls.URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            refuse_network(url)
            return super().fetch(url, headers)

    return OfflineFetcher(allowed_protocols={"data", "file"})


@cache
def _font_config() -> Any:
    """One font configuration for every PDF: fontconfig is set up once per process."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def write_pdf(job: PdfJob) -> Path:
    """Render one job and return its path."""
    from weasyprint import HTML

    document = HTML(string=job.html, base_url=str(job.path.parent), url_fetcher=offline_fetcher())
    document.write_pdf(job.path, font_config=_font_config())
    return job.path


def write_pdfs(jobs: list[PdfJob]) -> list[Path]:
    """Render every job, on all cores (up to 2) when the work is big enough to pay for it.

    The longest documents go first, so one long document (the slips) runs beside all
    the short ones.
    """
    workers = min(2, os.cpu_count() or 1, len(jobs))
    small = sum(len(job.html) for job in jobs) < POOL_MIN_CHARS
    if workers < 2 or small or multiprocessing.current_process().daemon:  # daemons can't fork
        return [write_pdf(job) for job in jobs]
    *ordered, smallest = sorted(jobs, key=lambda job: len(job.html), reverse=True)
    # Render the smallest here first: WeasyPrint, fontconfig and Pango's font caches are
    # then set up once, and the workers inherit them when they fork.
    write_pdf(smallest)
    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            list(pool.map(write_pdf, ordered))
    except (OSError, BrokenProcessPool):  # no processes here (sandbox, no /dev/shm)
        return [write_pdf(job) for job in jobs]
    return [job.path for job in jobs]
