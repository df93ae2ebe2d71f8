"""Leaflet and the maps' own style, inlined so that a map opens with no network."""

from __future__ import annotations

import base64
import functools
import re
from pathlib import Path

ASSETS = Path(__file__).resolve().parent / "assets"

_CSS_IMAGE = re.compile(r"url\(images/([\w.-]+\.png)\)")
_SOURCE_MAP = re.compile(r"^//# sourceMappingURL=.*$", re.MULTILINE)


def _data_uri(png: Path) -> str:
    return "data:image/png;base64," + base64.b64encode(png.read_bytes()).decode("ascii")


def leaflet_css() -> str:
    """Leaflet's stylesheet with its images (layer switcher, marker) as data: URIs."""
    css = (ASSETS / "leaflet.css").read_text(encoding="utf-8")
    return _CSS_IMAGE.sub(lambda m: f"url({_data_uri(ASSETS / 'images' / m.group(1))})", css)


def leaflet_js() -> str:
    """Leaflet's script, without the source-map comment (its .map file is not shipped)."""
    script = (ASSETS / "leaflet.js").read_text(encoding="utf-8")
    return _SOURCE_MAP.sub("", script)


PLUGINS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "cluster": (("MarkerCluster.css", "MarkerCluster.Default.css"), ("leaflet.markercluster.js",)),
    "status": ((), ("status.js",)),
}
"""What each optional part of a map inlines: (stylesheets, scripts), after Leaflet."""


def _script(text: str) -> str:
    # A literal "</script>" would end the element early; none has one, but be safe.
    return "<script>" + text.replace("</script", "<\\/script") + "</script>\n"


@functools.cache
def inline_head(plugins: tuple[str, ...] = ()) -> str:
    """The <style> and <script> elements a map carries in its <head>.

    Args:
        plugins: optional parts, keys of `PLUGINS`: 'cluster' (Leaflet.markercluster)
            and 'status' (the household statuses of a route map).
    """
    maps_css = (ASSETS / "maps.css").read_text(encoding="utf-8")
    head = f"<style>{leaflet_css()}</style>\n<style>{maps_css}</style>\n" + _script(leaflet_js())
    for plugin in plugins:
        styles, scripts = PLUGINS[plugin]
        for name in styles:
            head += f"<style>{(ASSETS / name).read_text(encoding='utf-8')}</style>\n"
        for name in scripts:
            head += _script(_SOURCE_MAP.sub("", (ASSETS / name).read_text(encoding="utf-8")))
    return head
