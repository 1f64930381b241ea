"""``revmen db_worker``: django-tasks' database worker, made to outlive a database restart.

Same options as ``django_tasks_db``'s command (which this one replaces: ``revmen.core`` comes
before ``django_tasks_db`` in ``INSTALLED_APPS``); the loop is ``core.worker.ResilientWorker``.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from revmen.core.worker import ResilientWorker


class Command(db_worker.Command):
    help = "Run the background task worker; it waits out a database restart and goes on."

    def handle(self, *args: Any, **options: Any) -> None:
        self.configure_logging(options["verbosity"])
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        reload = options["reload"] and not options["batch"]
        worker = ResilientWorker(
            queue_names=queue_names,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        if not reload:
            worker.configure_signals()
            worker.run()
            return
        if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":  # only the child handles signals
            worker.configure_signals()
        run_with_reloader(worker.run)
