"""Offline maps for the volunteers: one per team and day, and an overview.

Imports only the domain model, jinja2 and folium; never a solver.
"""

from maps.write import write_maps

__all__ = ["write_maps"]
