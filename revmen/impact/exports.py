"""The dashboard as .xlsx (at once: a few rows per batch) and as PDF, rendered by WeasyPrint in a
background job (``core.jobs``) with its progress shown while it runs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from revmen.accounts.models import Agency
from revmen.core.exports import XLSX, Export, append_row, xlsx_bytes
from revmen.core.jobs import Output, Progress, job_kind, job_start
from revmen.core.models import Job
from revmen.training.models import Batch, Programme

from . import selectors

PDF_KIND = "impact.pdf"
SCOPES = ("batch", "programme", "institute")


def chains_of(scope: str, code: str) -> tuple[str, list[dict[str, Any]]]:
    """The title and the batch chains of a scope (a batch, a programme or an institute)."""
    if scope == "batch":
        batch = Batch.objects.select_related("programme").get(code=code)
        return batch.code, [selectors.chain_of(batch)]
    if scope == "programme":
        programme = Programme.objects.get(code=code)
        return programme.code, selectors.programme_chain(programme)["batches"]
    institute = Agency.objects.get(code=code)
    batches = Batch.objects.filter(programme__institute=institute).select_related("programme")
    return institute.code, [selectors.chain_of(b) for b in batches.order_by("start_date", "code")]


def _ci(figure: dict[str, Any] | None, key: str = "ci") -> str:
    found = (figure or {}).get(key)
    return f"{found[0]} – {found[1]}" if found else ""


def rows_of(chain: dict[str, Any]) -> Iterator[list[Any]]:
    """(batch, level, figure, value, interval, n) rows of one chain; hidden figures are blank."""
    batch = chain["batch"]
    reaction = chain["reaction"]
    yield [
        batch,
        "reaction",
        "index (POMP 0-100)",
        (reaction["index"] or {}).get("mean"),
        _ci(reaction["index"]),
        reaction["n"],
    ]
    learning = chain["learning"]
    yield [
        batch,
        "learning",
        "d_z",
        learning["dz"],
        f"{learning['dz_ci'][0]} – {learning['dz_ci'][1]}" if learning["dz_ci"] else "",
        learning["n"],
    ]
    for category, count in (learning["reliable_change"] or {}).items():
        yield [batch, "learning", f"reliable change: {category}", count, "", learning["n"]]
    for round_ in chain["behaviour"]["multirater"]["rounds"]:
        for group in ("self", "others", "gap"):
            figure = round_[group]
            yield [
                batch,
                "behaviour",
                f"360° +{round_['months']} months: {group}",
                (figure or {}).get("mean"),
                _ci(figure),
                round_["n"],
            ]
    projects = chain["behaviour"]["projects"]
    for key in ("alive", "completed"):
        share = projects[key]
        yield [
            batch,
            "behaviour",
            f"projects {key} on {projects['on']}",
            share["share"] if share else None,
            _ci(share),
            projects["n"],
        ]
    skm = chain["results"]["skm"]
    yield [
        batch,
        "results",
        "SKM IKM change (after − before)",
        (skm["change"] or {}).get("mean"),
        _ci(skm["change"]),
        skm["n"],
    ]
    for wave in chain["results"]["culture"]:
        yield [
            batch,
            "results",
            f"culture index {wave['agency']} · {wave['wave']}",
            wave["index"],
            "",
            wave["n"],
        ]


def chains_xlsx(title: str, chains: list[dict[str, Any]]) -> Export:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "impact"
    append_row(sheet, ["batch", "level", "figure", "value", "95% interval", "n"])
    for chain in chains:
        for row in rows_of(chain):
            append_row(sheet, row)
    notes = workbook.create_sheet("warnings")
    append_row(notes, ["batch", "warning"])
    for chain in chains:
        for warning in [*chain["warnings"], chain["caveat"]]:
            append_row(notes, [chain["batch"], warning])
    return Export(f"dampak-{title}.xlsx", XLSX, xlsx_bytes(workbook))


def export_request(*, scope: str, code: str, person: Any) -> Job:
    return job_start(
        kind=PDF_KIND,
        owner=person,
        target=f"impact.{scope}:{code}",
        params={"scope": scope, "code": code, "language": translation.get_language() or "id"},
    )


def render_pdf(scope: str, code: str) -> tuple[str, bytes]:
    import weasyprint

    title, chains = chains_of(scope, code)
    html = render_to_string("impact/chain_pdf.html", {"title": title, "chains": chains})
    return title, weasyprint.HTML(string=html).write_pdf()


@job_kind(PDF_KIND, steps={"rendering": gettext_lazy("rendering the PDF")})
def render_export(job: Job, progress: Progress) -> Output:
    progress(0, 0, "rendering")
    with translation.override(job.params.get("language") or "id"):
        title, content = render_pdf(job.params["scope"], job.params["code"])
    return Output(file=content, file_name=f"dampak-{title}.pdf", content_type="application/pdf")
