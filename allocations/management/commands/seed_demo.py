"""seed_demo: a realistic, idempotent demo of all three programmes.

It lives in `allocations`, the top of the import chain, because it calls every app's `demo`
module in dependency order; each app owns the demo rows of its own models.
"""

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

DEMO_MODULES = [
    "accounts.demo",
    "programmes.demo",
    "applications.demo",
    "reviews.demo",
    "awards.demo",
    "letters.demo",
    "allocations.demo",
]


class Command(BaseCommand):
    help = "Create the demo programmes, organisations, people and applications (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Seed even though DEBUG is off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: it creates accounts with a known "
                "password. Pass --force if this really is a demo server."
            )
        from accounts.roles import sync_role_permissions

        with transaction.atomic():
            for name in DEMO_MODULES:
                try:
                    module = importlib.import_module(name)
                except ModuleNotFoundError as error:
                    if error.name != name:
                        raise
                    continue
                created = module.seed(stdout=self.stdout)
                summary = ", ".join(f"{k} +{v}" for k, v in created.items())
                self.stdout.write(f"{name}: {summary}")
            sync_role_permissions()
        self.stdout.write(
            self.style.SUCCESS("Demo ready. Every demo account's password is demo-pass-2025.")
        )
