"""``revmen impact --batch CODE | --programme CODE [--json]``: the impact chain."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from revmen.impact.chain import LEVELS, batch_chain
from revmen.training.models import Batch, Programme


class Command(BaseCommand):
    help = "The impact chain (reaction, learning, behaviour, results) of a batch or a programme."

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--batch", help="batch code")
        which.add_argument("--programme", help="programme code: every batch of it")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch"]:
            batch = Batch.objects.select_related("programme").filter(code=options["batch"]).first()
            if batch is None:
                raise CommandError(f"no batch {options['batch']}", returncode=2)
            data: dict[str, Any] = batch_chain(batch)
            chains = [data]
        else:
            programme = Programme.objects.filter(code=options["programme"]).first()
            if programme is None:
                raise CommandError(f"no programme {options['programme']}", returncode=2)
            batches = Batch.objects.filter(programme=programme).select_related("programme")
            chains = [batch_chain(b) for b in batches.order_by("start_date", "code")]
            data = {"programme": programme.code, "batches": chains}
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        for chain in chains:
            self.stdout.write(f"{chain['batch']} · {chain['name']} · enrolled {chain['enrolled']}")
            for level in LEVELS:
                self.stdout.write(f"  {level}: n = {chain[level]['n']}")
            for warning in chain["warnings"]:
                self.stderr.write(f"warning: {chain['batch']}: {warning}")
