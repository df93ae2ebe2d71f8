"""Printouts for coordinators and volunteers: HTML and PDF, an Excel workbook, calendars.

Imports only the domain model, jinja2, WeasyPrint, openpyxl and icalendar; never a solver.
"""

from planner.printouts.write import write_diff_printouts, write_printouts

__all__ = ["write_diff_printouts", "write_printouts"]
