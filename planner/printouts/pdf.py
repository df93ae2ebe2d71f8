"""PDFs with WeasyPrint, strictly offline: every network URL is refused."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from planner.errors import InputError


def offline_fetcher(url: str, timeout: int = 10, ssl_context: Any = None) -> dict[str, Any]:
    """WeasyPrint's URL fetcher, minus the network: only data: and file: URLs load."""
    if not url.startswith(("data:", "file:")):
        raise InputError(f"printouts never load from the network (refused {url})")
    from weasyprint import default_url_fetcher

    result: dict[str, Any] = default_url_fetcher(url, timeout=timeout, ssl_context=ssl_context)
    return result


@cache
def _font_config() -> Any:
    """One font configuration for every PDF: fontconfig is set up once per process."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def write_pdf(html: str, path: Path, base: Path) -> Path:
    """Render `html` (which carries its own styles) to a PDF at `path`."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=str(base), url_fetcher=offline_fetcher)
    document.write_pdf(path, font_config=_font_config())
    return path
