"""Rendering the printouts' HTML from the Jinja2 templates in `templates/`."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from planner.printouts.labels import Labels

TEMPLATES = resources.files("planner.printouts") / "templates"


def css_string(value: object) -> Markup:
    """`value` as the inside of a CSS string in a <style> element (quotes and `<` escaped)."""
    text = " ".join(str(value).split())
    for char, escaped in (("\\", "\\\\"), ('"', '\\"'), ("<", "\\3c "), (">", "\\3e ")):
        text = text.replace(char, escaped)
    return Markup(text)  # escaped for CSS just above


@cache
def environment() -> jinja2.Environment:
    """The template environment: HTML-escaping on, templates loaded from the package."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["css_string"] = css_string
    return env


@cache
def print_css() -> Markup:
    """The shared A4 style sheet, inlined so every HTML file stands alone."""
    return Markup((TEMPLATES / "print.css").read_text(encoding="utf-8"))


def render(template: str, text: Labels, stop: str, title: str, **context: Any) -> str:
    """One printout as a complete HTML page."""
    before, _, after = text.page.partition("{page}")
    return (
        environment()
        .get_template(template)
        .render(
            t=text,
            stop=stop,
            title=title,
            css=print_css(),
            page_before=before,
            page_after=after,
            **context,
        )
    )
