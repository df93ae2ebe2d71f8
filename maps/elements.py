"""folium elements for maps that work offline.

folium's own `Map` links Leaflet, jQuery, Bootstrap and Font Awesome from CDNs, and
its `Popup` needs jQuery. These replacements inline Leaflet instead and use only
Leaflet's own API, so the one network use left is the tile layer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import folium
from folium.plugins import MarkerCluster
from folium.template import Template

from maps.assets import inline_head

TEMPLATES = Path(__file__).resolve().parent / "templates"

POPUP_TOP_PX = 110
"""Room an opened popup keeps at the top: the top-right controls are about 90 px high."""

MAX_ZOOM = 19
"""The closest zoom of any map: OpenStreetMap's highest."""


def _js_template(name: str) -> Template:
    return Template((TEMPLATES / name).read_text(encoding="utf-8"))


class OfflineMap(folium.Map):
    """A folium map that carries Leaflet inline and links nothing from the network."""

    default_js: list[tuple[str, str]] = []  # noqa: RUF012 (folium's class attribute)
    default_css: list[tuple[str, str]] = []  # noqa: RUF012

    def __init__(self, *args: Any, plugins: tuple[str, ...] = (), **kwargs: Any) -> None:
        """A folium map; `plugins` are the optional parts inlined (`maps.assets.PLUGINS`)."""
        super().__init__(*args, **kwargs)
        # Without a tile layer Leaflet knows no highest zoom, and marker clusters need one.
        self.options.setdefault("max_zoom", MAX_ZOOM)
        self.plugins = plugins

    def render(self, **kwargs: Any) -> str:
        """Put the inlined Leaflet in the page's head, then render as folium does."""
        figure = self.get_root()
        assert isinstance(figure, folium.Figure), "a map renders inside a Figure"
        figure.header.add_child(RawText(inline_head(self.plugins)), name="offline_assets")
        return super().render(**kwargs)


class RawText(folium.Element):
    """Text put into the page as it is: a `folium.Element` would compile it as a Jinja
    template first, which for the inlined Leaflet took a second or more per map."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class PlainMacro(folium.MacroElement):
    """A `MacroElement` whose rendered parts go into the page as they are (`RawText`):
    folium's own compiles each part as one more Jinja template, a few milliseconds per
    element, which over a province's thousand maps came to seconds."""

    def render(self, **kwargs: Any) -> str:
        """Add the element's parts to its figure, as folium's does; nothing to place."""
        figure = self.get_root()
        assert isinstance(figure, folium.Figure), "an element renders inside a Figure"
        macros = self._template.module.__dict__
        for part in ("header", "html", "script"):
            if part in macros:
                text = RawText(macros[part](self, kwargs))
                getattr(figure, part).add_child(text, name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)
        return ""


class ClusterLayer(MarkerCluster):
    """A layer whose markers gather into numbered clusters when zoomed out.

    The map must inline the 'cluster' plugin: folium's own links it from a CDN.
    """

    default_js: list[tuple[str, str]] = []  # noqa: RUF012 (folium's class attribute)
    default_css: list[tuple[str, str]] = []  # noqa: RUF012


class EmbeddedTileLayer(PlainMacro):
    """A base map whose tiles are in the page (from an MBTiles file): no network at all."""

    _template = _js_template("embedded_tiles.js.j2")

    def __init__(
        self, tiles: dict[str, str], min_zoom: int, max_zoom: int, attribution: str
    ) -> None:
        super().__init__()
        self._name = "EmbeddedTileLayer"
        self.tiles = tiles
        self.options = {
            "minNativeZoom": min_zoom,
            "maxNativeZoom": max_zoom,
            "maxZoom": MAX_ZOOM,
            "attribution": attribution,
        }


class StatusControl(PlainMacro):
    """Household statuses on a route map: kept on the phone, shown, exported.

    The map must inline the 'status' plugin (`maps/assets/status.js`); `config` holds
    the storage key, the team, the day, the export's file name and the households in
    route order.
    """

    _template = _js_template("status.js.j2")

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__()
        self._name = "StatusControl"
        self.config = config


class DivMarker(PlainMacro):
    """A marker drawn as HTML (a numbered disc, the base's square).

    folium's `Marker` is created with Leaflet's default icon and then given its own,
    which fetches `marker-icon.png` relative to the page: this one never does.
    """

    _template = _js_template("div_marker.js.j2")

    def __init__(self, location: tuple[float, float], html: str, class_name: str) -> None:
        super().__init__()
        self._name = "DivMarker"
        self.location = list(location)
        self.icon_options = {
            "html": html,
            "class_name": class_name,
            "icon_size": [30, 30],
            "icon_anchor": [15, 15],
            "popup_anchor": [0, -12],
        }


class _BoundHtml(PlainMacro):
    """HTML bound to the parent layer by a Leaflet `bind*` method, without jQuery."""

    _template = _js_template("bind.js.j2")
    method = ""

    def __init__(self, html: str, **options: Any) -> None:
        super().__init__()
        self._name = type(self).__name__
        self.html = html
        self.options = options


class HtmlPopup(_BoundHtml):
    """A popup with trusted HTML, opened by a tap on its parent."""

    method = "bindPopup"

    def __init__(self, html: str, max_width: int = 300) -> None:
        # Opened popups pan below the controls at the top right (layers, status export).
        super().__init__(
            html, max_width=max_width, auto_pan_padding=[20, 20],
            auto_pan_padding_top_left=[20, POPUP_TOP_PX],
        )  # fmt: skip


class StopsData(PlainMacro):
    """A route's stops given to their `ClusterLayer` as one block of data, the markers
    made by one loop in the page and added by one `addLayers`, instead of a script each.

    Not in chunks (`chunkedLoading`): a route's stops are too few to need them, and the
    page is then whole once its script has run (what a benchmark times).

    `stops` are `[lat, lon, number, household, status, tooltip HTML, popup HTML]`, the
    markers drawn as `marker.html.j2`'s stop symbol in `colour`.
    """

    _template = _js_template("stops_data.js.j2")

    def __init__(self, colour: str, stops: list[list[Any]]) -> None:
        super().__init__()
        self._name = "StopsData"
        self.data = {"colour": colour, "stops": stops}
        self.popup_options = HtmlPopup("").options


class HtmlTooltip(_BoundHtml):
    """A tooltip with trusted HTML (escape any text that goes into it)."""

    method = "bindTooltip"

    def __init__(self, html: str) -> None:
        super().__init__(html, sticky=True)


class LegendControl(PlainMacro):
    """A Leaflet control, in a corner of its parent map, showing trusted HTML."""

    _template = _js_template("legend.js.j2")

    def __init__(
        self, html: str, position: str = "bottomleft", class_name: str = "map-legend"
    ) -> None:
        super().__init__()
        self._name = "LegendControl"
        self.html = html
        self.position = position
        self.class_name = class_name


class MetricScale(PlainMacro):
    """A scale bar in kilometres only, in the bottom-left corner."""

    _template = _js_template("scale.js.j2")

    def __init__(self) -> None:
        super().__init__()
        self._name = "MetricScale"


class SpreadLabels(PlainMacro):
    """Puts each marker's label on a side of its marker where it covers no other label,
    marker or control (and, for a marker in view, stays in view), hiding it where no side
    is free; again after every move, zoom or layer switch.

    `labels` and `symbols` are CSS selectors: the labels (each inside its marker, beside
    its symbol; placed in the page's order) and the markers' symbols. The stylesheet
    positions a label by its `data-side`, one of `sides` or `hidden`. Add it after the
    map's fit.
    """

    _template = _js_template("spread_labels.js.j2")

    def __init__(self, labels: str, symbols: str, sides: list[str], margin_px: int = 2) -> None:
        super().__init__()
        self._name = "SpreadLabels"
        self.labels, self.symbols, self.sides, self.margin_px = labels, symbols, sides, margin_px


class FitAboveControls(PlainMacro):
    """Fits the map to `bounds`, keeping them clear of the bottom-left controls.

    Add it after the legend and the scale, so that their height is known.
    """

    _template = _js_template("fit.js.j2")

    def __init__(self, bounds: list[list[float]], padding: int, max_zoom: int) -> None:
        super().__init__()
        self._name = "FitAboveControls"
        self.bounds = bounds
        self.padding = [padding, padding]
        self.max_zoom = max_zoom
