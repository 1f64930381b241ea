"""An administration's responses as a data set for analysts: .xlsx, CSV and SPSS ``.sav``.

One row per response, one column per item (``Item.code``), in item order; before them:

- identified administrations: ``nip`` and ``nama`` of the respondent (and ``subjek_nip``,
  ``subjek_nama`` when the questionnaire is about someone), and ``tanggal`` (the date);
- anonymous and confidential ones: ``tanggal`` (the date only; the stored answer has no time)
  and, when an app says the responses belong to units (culture waves), ``unit``. The rows are
  shuffled (a fresh random order each time, so neither the stored order nor the order of
  arrival survives), and the app's export policy (:func:`export_policy`) names what else to
  hide: culture rolls each unit up to the nearest unit its privacy decisions over the whole tree
  show, and drops the profile items.

Values are the stored option numbers (1..n; empty = missing); texts, numbers and dates as they
are stored (``qtypes.py``): several choices as ``"1,3"`` in .xlsx and CSV, and as one 0/1
variable per option (``CODE_1``, ``CODE_2``, …) in ``.sav``, where every item carries its text
as the variable label and its options as value labels. Text cells go through
``core.exports`` so that no spreadsheet runs a formula from them.
"""

from __future__ import annotations

import csv
import io
import os
import re
import secrets
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import IntegerField, JSONField, Value
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from revmen.core.audit import audit
from revmen.core.exports import CSV, XLSX, Export, append_row, neutral, xlsx_bytes
from revmen.core.jobs import Output, Progress, job_kind, job_start
from revmen.core.models import Job

from .answers import answer_matrix
from .models import Administration, IdentityMode, Item, Response

SAV = "application/x-spss-sav"
FORMATS = ("xlsx", "csv", "sav")


@dataclass
class ExportPolicy:
    """What an app hides in an anonymous export of one of its administrations."""

    # unit id -> the unit shown in its place (None: the row names no unit); None: no unit column
    unit_shown: dict[int, int | None] | None = None
    unit_names: dict[int, str] = field(default_factory=dict)
    drop_items: set[str] = field(default_factory=set)
    note: str = ""


PolicyFunc = Callable[[Administration], ExportPolicy | None]
_POLICIES: list[PolicyFunc] = []


def export_policy(func: PolicyFunc) -> PolicyFunc:
    """Register ``func(administration) -> ExportPolicy | None`` (None: not mine). Apps above
    this one (culture) use it, so that this module never imports them."""
    _POLICIES.append(func)
    return func


def policy_for(administration: Administration) -> ExportPolicy:
    for func in _POLICIES:
        found = func(administration)
        if found is not None:
            return found
    return ExportPolicy()


@dataclass
class Dataset:
    """Columns and rows ready for any writer (rows hold str, int, None)."""

    title: str
    head: list[str]  # the fixed columns before the items
    items: list[Item]
    rows: list[list[Any]]
    note: str = ""

    @property
    def columns(self) -> list[str]:
        return self.head + [item.code for item in self.items]


def _is_anonymous(administration: Administration) -> bool:
    return administration.identity != IdentityMode.IDENTIFIED


def build_dataset(
    administration: Administration, progress: Callable[[int, int], None] | None = None
) -> Dataset:
    items = list(administration.version.items.order_by("position"))
    anonymous = _is_anonymous(administration)
    policy = policy_for(administration) if anonymous else ExportPolicy()
    items = [item for item in items if item.code not in policy.drop_items]
    width = administration.version.items.count()
    # only the columns the data set uses (a JSON column read for nothing costs a third)
    needs_texts = any(item.is_text for item in items)
    fields: list[Any] = [
        "answers",
        "texts" if needs_texts else Value(None, output_field=JSONField()),
        "submitted_on",
        "unit_id" if policy.unit_shown is not None else Value(None, output_field=IntegerField()),
    ]
    if not anonymous:
        fields += ["respondent__nip", "respondent__name", "subject__nip", "subject__name"]
    query = Response.objects.filter(administration=administration).values_list(*fields)
    if not anonymous:
        query = query.order_by("submitted_on", "respondent__name")
    records = list(query.iterator(chunk_size=5000))
    total = len(records)
    if anonymous and total > 1:
        order = np.random.default_rng(secrets.randbits(64)).permutation(total)
        records = [records[i] for i in order]
    matrix = answer_matrix((r[0] for r in records), width)
    value_columns = [i for i, item in enumerate(items) if not item.is_text]
    text_items = [(i, item.code) for i, item in enumerate(items) if item.is_text]
    positions = np.array([items[i].position for i in value_columns], dtype=np.intp)
    # one object matrix filled column-wise (0, missing, becomes None), then plain lists: NumPy
    # does the per-cell work, not a Python loop over 4 million cells
    full = np.full((total, len(items)), None, dtype=object)
    if value_columns:
        values = matrix[:, positions]
        cells = values.astype(object)
        cells[values == 0] = None
        full[:, value_columns] = cells
    for column, code in text_items:
        full[:, column] = [(record[1] or {}).get(code) or None for record in records]
    head = ["tanggal"]
    with_subject = not anonymous and any(r[6] is not None for r in records)
    if not anonymous:
        head = ["nip", "nama"] + (["subjek_nip", "subjek_nama"] if with_subject else []) + head
    if policy.unit_shown is not None:
        head.append("unit")
    answers = full.tolist()
    rows: list[list[Any]] = []
    for n, record in enumerate(records):
        fixed: list[Any] = [record[2].isoformat()]
        if not anonymous:
            people = [record[4] or "", record[5] or ""]
            if with_subject:
                people += [record[6] or "", record[7] or ""]
            fixed = people + fixed
        if policy.unit_shown is not None:
            shown = policy.unit_shown.get(record[3]) if record[3] is not None else None
            fixed.append(policy.unit_names.get(shown, "") if shown is not None else "")
        rows.append(fixed + answers[n])
        if progress is not None and n % 20000 == 0:
            progress(n, total)
    return Dataset(title=administration.title, head=head, items=items, rows=rows, note=policy.note)


def _name(administration: Administration, extension: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", administration.title.lower()).strip("-")[:40] or "data"
    return f"jawaban-{administration.pk}-{slug}.{extension}"


def write_csv(dataset: Dataset) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel reads Indonesian names right."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(dataset.columns)
    text_columns = [
        len(dataset.head) + i for i, item in enumerate(dataset.items) if item.is_text
    ] + list(range(len(dataset.head)))
    if text_columns:
        for row in dataset.rows:
            for column in text_columns:
                row[column] = neutral(row[column])
    writer.writerows(dataset.rows)
    return buffer.getvalue().encode()


def write_xlsx(dataset: Dataset) -> bytes:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = _("Responses")[:31]
    append_row(sheet, dataset.columns)
    for row in dataset.rows:
        append_row(sheet, row)
    labels = workbook.create_sheet(_("Items")[:31])
    append_row(labels, [_("code"), _("text"), _("type"), _("options")])
    for item in dataset.items:
        options = " | ".join(f"{n}={label}" for n, label in item.qtype.choices(item))
        append_row(labels, [item.code, item.text, item.get_kind_display(), options])
    if dataset.note:
        append_row(labels, [])
        append_row(labels, [dataset.note])
    return xlsx_bytes(workbook)


SPSS_NAME = re.compile(r"[^A-Za-z0-9_.@#$]")


def spss_name(code: str, taken: set[str]) -> str:
    """A variable name SPSS takes: letters, digits and _.@#$, starting with a letter, unique
    (case-insensitively), at most 64 characters."""
    name = SPSS_NAME.sub("_", code) or "V"
    if not name[0].isalpha():
        name = "V" + name
    name = name[:60]
    candidate, n = name, 1
    while candidate.upper() in taken:
        n += 1
        candidate = f"{name}_{n}"
    taken.add(candidate.upper())
    return candidate


def write_sav(dataset: Dataset) -> bytes:
    import pandas as pd
    import pyreadstat

    taken: set[str] = set()
    data: dict[str, Any] = {}
    labels: dict[str, str | None] = {}
    value_labels: dict[str, dict[float, str]] = {}
    n_head = len(dataset.head)
    for column, title in enumerate(dataset.head):
        name = spss_name(title, taken)
        values = [row[column] for row in dataset.rows]
        if title == "tanggal":
            data[name] = pd.to_datetime(pd.Series(values, dtype="object"), errors="coerce")
        else:
            data[name] = pd.Series([v or "" for v in values], dtype="object")
        labels[name] = title
    for index, item in enumerate(dataset.items):
        column = n_head + index
        values = [row[column] for row in dataset.rows]
        if item.kind == "multi_choice":
            chosen = [set(v.split(",")) if v else None for v in values]
            for number, label in item.qtype.choices(item):
                name = spss_name(f"{item.code}_{number}", taken)
                data[name] = pd.Series(
                    [None if c is None else float(str(number) in c) for c in chosen],
                    dtype="float64",
                )
                labels[name] = f"{item.text}: {label}"[:255]
                value_labels[name] = {0.0: _("not chosen"), 1.0: _("chosen")}
            continue
        name = spss_name(item.code, taken)
        labels[name] = item.text[:255]
        if item.kind == "numeric":
            data[name] = pd.Series([float(v) if v else None for v in values], dtype="float64")
        elif item.kind == "date":
            data[name] = pd.to_datetime(pd.Series(values, dtype="object"), errors="coerce")
        elif item.is_text:
            data[name] = pd.Series([v or "" for v in values], dtype="object")
        else:
            data[name] = pd.Series(
                [float(v) if v is not None else None for v in values], dtype="float64"
            )
            value_labels[name] = {float(n): label for n, label in item.qtype.choices(item)}
    frame = pd.DataFrame(data)
    handle, path = tempfile.mkstemp(suffix=".sav")
    os.close(handle)
    try:
        pyreadstat.write_sav(
            frame,
            path,
            file_label=dataset.title[:64],
            column_labels=labels,
            variable_value_labels=value_labels,
            note=dataset.note or None,
        )
        with open(path, "rb") as written:
            return written.read()
    finally:
        os.unlink(path)


WRITERS: dict[str, tuple[Callable[[Dataset], bytes], str]] = {
    "xlsx": (write_xlsx, XLSX),
    "csv": (write_csv, CSV),
    "sav": (write_sav, SAV),
}


def export_responses(administration: Administration, fmt: str) -> Export:
    writer, content_type = WRITERS[fmt]
    return Export(_name(administration, fmt), content_type, writer(build_dataset(administration)))


EXPORT_KIND = "instruments.responses"


def export_start(*, administration: Administration, fmt: str, person: Any) -> Job:
    """Queue the data set of ``administration`` as ``fmt`` for ``person`` (the job's owner, the
    only one who can download it)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    if administration.identity == IdentityMode.IDENTIFIED:
        # respondents' names and answers leave the system: the trail says who took them
        audit(person, "instruments.responses.export", administration, note=fmt)
    return job_start(
        kind=EXPORT_KIND,
        owner=person,
        target=f"instruments.administration:{administration.pk}",
        params={
            "administration": administration.pk,
            "format": fmt,
            "language": translation.get_language() or "id",
        },
    )


@job_kind(
    EXPORT_KIND,
    steps={
        "reading": gettext_lazy("reading the responses"),
        "writing": gettext_lazy("writing the file"),
    },
)
def run_export(job: Job, progress: Progress) -> Output:
    administration = Administration.objects.select_related("version").get(
        pk=job.params["administration"]
    )
    fmt = job.params["format"]
    writer, content_type = WRITERS[fmt]
    with translation.override(job.params.get("language") or "id"):
        dataset = build_dataset(
            administration, progress=lambda done, total: progress(done, total, "reading")
        )
        progress(0, 0, "writing")
        content = writer(dataset)
    return Output(file=content, file_name=_name(administration, fmt), content_type=content_type)
