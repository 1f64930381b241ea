"""``revmen api openapi`` (the OpenAPI document);
``revmen api token --org CODE --user LOGIN [--write] [--label L] [--expires YYYY-MM-DD]``,
``revmen api token --list [--json]`` and ``revmen api token --revoke ID``."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from revmen.accounts.models import Agency, Person
from revmen.asn.nip import normalize_nip

from ...models import ApiToken
from ...openapi import document_json
from ...tokens import TokenError, token_create, token_revoke


def person_by_login(login: str) -> Person:
    """The person a login names, as the login form reads it: an 18-digit NIP, an e-mail
    address, or (back-office staff) the username. Unknown or ambiguous: exit 2."""
    identifier = login.strip()
    digits = normalize_nip(identifier)
    if digits.isdigit() and len(digits) == 18:
        people = list(Person.objects.filter(nip=digits)[:2])
    elif "@" in identifier:
        people = list(Person.objects.filter(email__iexact=identifier)[:2])
    else:
        people = list(Person.objects.filter(username=identifier)[:2])
    if not people:
        raise CommandError(f"no person logs in as {identifier!r}", returncode=2)
    if len(people) > 1:
        raise CommandError(
            f"several people log in as {identifier!r}: give the NIP instead", returncode=2
        )
    return people[0]


def token_row(token: ApiToken) -> dict[str, Any]:
    return {
        "id": token.pk,
        "label": token.label,
        "agency": token.agency.code,
        "person": token.person.nip or token.person.email,
        "scope": token.scope,
        "expires": token.expires_on.isoformat() if token.expires_on else None,
        "last_used": token.last_used_at.isoformat() if token.last_used_at else None,
        "revoked": token.revoked_at.isoformat() if token.revoked_at else None,
    }


class Command(BaseCommand):
    help = "Make, list and revoke API tokens."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        token = sub.add_parser("token", help="make (default), --list or --revoke API tokens")
        token.add_argument("--org", help="the agency's or institute's code")
        token.add_argument("--user", help="NIP or e-mail address, as on the login form")
        token.add_argument("--write", action="store_true", help="read-write (default: read)")
        token.add_argument("--label", default="", help="what the token is for")
        token.add_argument("--expires", help="last day of validity, YYYY-MM-DD")
        token.add_argument("--list", action="store_true", help="list tokens (never the secret)")
        token.add_argument("--json", action="store_true", help="with --list: print JSON")
        token.add_argument("--revoke", type=int, metavar="ID", help="revoke the token ID")
        sub.add_parser("openapi", help="print the OpenAPI document (as /api/openapi.json)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "openapi":
            self.stdout.write(document_json(), ending="")
        elif options["list"]:
            self._list(options)
        elif options["revoke"] is not None:
            self._revoke(options["revoke"])
        else:
            self._create(options)

    def _create(self, options: dict[str, Any]) -> None:
        if not options["org"] or not options["user"]:
            raise CommandError(
                "give --org CODE and --user LOGIN (or --list, --revoke)", returncode=2
            )
        agency = Agency.objects.filter(code=options["org"].strip().upper()).first()
        if agency is None:
            raise CommandError(f"no agency with code {options['org']!r}", returncode=2)
        person = person_by_login(options["user"])
        expires = None
        if options["expires"]:
            try:
                expires = date.fromisoformat(options["expires"])
            except ValueError:
                raise CommandError("--expires takes a date YYYY-MM-DD", returncode=2) from None
        try:
            _token, secret = token_create(
                person=person,
                agency=agency,
                write=options["write"],
                label=options["label"],
                expires_on=expires,
            )
        except TokenError as error:
            raise CommandError(str(error), returncode=2) from None
        self.stdout.write(secret)

    def _list(self, options: dict[str, Any]) -> None:
        rows = [
            token_row(t) for t in ApiToken.objects.select_related("agency", "person").order_by("pk")
        ]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        self.stdout.write("id  scope  agency  expires  last_used  label")
        for r in rows:
            state = " (revoked)" if r["revoked"] else ""
            self.stdout.write(
                f"{r['id']}  {r['scope']}  {r['agency']}  {r['expires'] or '-'}  "
                f"{r['last_used'] or '-'}  {r['label']}{state}"
            )

    def _revoke(self, pk: int) -> None:
        token = ApiToken.objects.filter(pk=pk).first()
        if token is None:
            raise CommandError(f"no token with id {pk}", returncode=2)
        token_revoke(token=token)
        self.stdout.write(f"revoked token {pk}")
