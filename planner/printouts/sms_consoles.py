"""Upload files for the bulk-send pages of the two common Chinese SMS consoles.

A console sends one registered template with one signature per task, and reads a sheet of
recipients: the phone number first, then the value of each of the template's variables.
- Aliyun (短信服务 > 群发助手 > 导入号码文件): a column per variable, headed by its name,
  for a template written with `${name}`.
- Tencent Cloud (短信 > 群发短信 > 标准模板): a column per variable in the order of the
  template's `{1}`, `{2}`, ...
So each template in use gets one file per console (`notify/aliyun-<template>.xlsx`,
`notify/tencent-<template>.xlsx`), and `notify/templates.txt` gives each template in both
consoles' writing, to register before the first send. The planner itself sends nothing.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from openpyxl import Workbook

from planner.model import Plan, Scenario
from planner.model.notify import Notify, aliyun_form, tencent_form, variables_of
from planner.printouts.sms import Sms, change_notices, first_notices, texts, write_sms

PHONE_HEADER = "手机号码"


def write_notify(
    scenario: Scenario, plan: Plan, out_dir: Path, lang: str, replanned: bool
) -> list[Path]:
    """`DIR/notify/`: `sms.csv` and the consoles' files, of the first notice or, for a
    re-plan (`replanned`), of its changes."""
    notices = change_notices(scenario, plan) if replanned else first_notices(scenario, plan)
    messages = texts(scenario, notices, lang)
    folder = out_dir / "notify"
    signature = (scenario.notify or Notify()).signature_in(lang)
    sms = write_sms(folder / "sms.csv", messages)
    return [sms, *write_console_files(folder, messages, signature)]


def template_name(sms: Sms) -> str:
    """`reminder`, ..., or `visit-reminder`, ... for a home visit's."""
    return f"visit-{sms.kind}" if sms.visit else sms.kind


def write_console_files(folder: Path, messages: list[Sms], signature: str) -> list[Path]:
    """The consoles' upload files and `templates.txt`; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    by_template: dict[tuple[str, str], list[Sms]] = defaultdict(list)
    for sms in messages:
        by_template[template_name(sms), sms.template].append(sms)
    written = []
    lines = [f"signature: {signature}", ""]
    for (name, template), group in sorted(by_template.items()):
        fields = variables_of(template)
        aliyun = [[PHONE_HEADER, *fields]]
        aliyun += [[sms.phone, *(sms.values[f] for f in fields)] for sms in group]
        tencent = [[PHONE_HEADER, *(f"变量{i}" for i in range(1, len(fields) + 1))]]
        tencent += [row[:] for row in aliyun[1:]]
        written.append(_sheet(folder / f"aliyun-{name}.xlsx", aliyun))
        written.append(_sheet(folder / f"tencent-{name}.xlsx", tencent))
        lines += [f"[{name}]", f"aliyun:  {aliyun_form(template)}",
                  f"tencent: {tencent_form(template)}", ""]  # fmt: skip
    path = folder / "templates.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return [*written, path]


def _sheet(path: Path, rows: list[list[str]]) -> Path:
    """One sheet of text cells: a phone number must not turn into a number (1.39E+10)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has its first sheet
    for row in rows:
        sheet.append(row)
    for column in sheet.iter_cols():
        for cell in column:
            cell.number_format = "@"
    sheet.column_dimensions["A"].width = 16
    book.save(path)
    return path
