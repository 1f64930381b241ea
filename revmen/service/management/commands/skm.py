"""``revmen skm report --org CODE --unit PATH --period NAME [--json]``: an SKM period's report."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from revmen.accounts.models import Agency
from revmen.service.models import SkmPeriod
from revmen.service.selectors import period_report

KEYS = ("unit", "period", "n", "element_means", "ikm", "grade", "label", "profile", "warnings")


class Command(BaseCommand):
    help = "The SKM report (IKM, grade, element means, profile) of a service unit's period."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rep = sub.add_parser("report", help="an SKM period's report")
        rep.add_argument("--org", required=True, help="agency code")
        rep.add_argument(
            "--unit", required=True, help="unit path below the agency root ('' = root)"
        )
        rep.add_argument("--period", required=True, help="period name")
        rep.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        agency = Agency.objects.filter(code=options["org"].strip().upper()).first()
        if agency is None:
            raise CommandError(f"no agency {options['org']}", returncode=2)
        period = (
            SkmPeriod.objects.select_related("administration", "service_unit__unit__agency")
            .filter(
                service_unit__unit__agency=agency,
                service_unit__unit__path=options["unit"].strip().strip("/"),
                name=options["period"],
            )
            .first()
        )
        if period is None:
            raise CommandError(
                f"no SKM period {options['period']} for unit {options['unit']!r} of {agency.code}",
                returncode=2,
            )
        report = period_report(period)
        data = {key: report[key] for key in KEYS} | {
            k: v for k, v in report.items() if k not in KEYS
        }
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        self.stdout.write(f"{period.service_unit.name} · {period.name} · n = {report['n']}")
        if report["ikm"] is not None:
            self.stdout.write(f"IKM {report['ikm']:.2f}  {report['grade']} {report['label']}")
            for code, mean in report["element_means"].items():
                self.stdout.write(f"  {code}  {mean:.3f}")
        for warning in report["warnings"]:
            self.stderr.write(f"warning: {warning}")
