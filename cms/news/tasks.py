from django.core.management import call_command

SCHEDULE_NAME = "wagtail publish_scheduled"


def publish_scheduled():
    """Publish pages whose go-live time has come and unpublish those that expired."""
    call_command("publish_scheduled")
