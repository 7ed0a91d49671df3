import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Create, or reset the password of, the demo administrator 'admin' and print its login; "
        "the demo's other staff accounts (demo-*) get the same password. "
        "For development only: refuses to run when DEBUG is off unless --force is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument(
            "--force", action="store_true", help="run even though DEBUG is off (demo servers)"
        )

    def handle(self, *args, username, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "demo_admin resets an administrator's password; it only runs with DEBUG on "
                "(or --force)."
            )
        # A fresh random password each time, unless one is given, so that a development
        # server reachable from a network never has a well-known administrator login.
        password = os.environ.get("DEMO_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": "admin@example.jp"}
        )
        user.is_staff = True
        user.is_superuser = True
        user.is_active = True
        user.set_password(password)
        user.save()
        base_url = getattr(settings, "WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS("Demo administrator " + ("created" if created else "reset"))
        )
        self.stdout.write(f"  admin:    {base_url}/admin/")
        self.stdout.write(f"  username: {username}")
        self.stdout.write(f"  password: {password}")
        # The demo's staff of other roles (a trainer of each platform, …: accounts named
        # demo-*, made by the apps' demos) log in with the same password, to try their desks.
        others = get_user_model().objects.filter(username__startswith="demo-", is_active=True)
        for other in others.order_by("username"):
            other.set_password(password)
            other.save(update_fields=["password"])
            roles = ", ".join(other.groups.order_by("name").values_list("name", flat=True))
            self.stdout.write(f"  also:     {other.username} ({roles or 'no group'})")
        self.stdout.write("")
