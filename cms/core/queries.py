"""The read side of the site-wide pieces that the admin's views and the dashboard share: whose
undelivered mail a user sees, and the pages waiting for a moderator."""

from django.db.models import Count
from wagtail.models import Page, WorkflowState

from cms.core.outbox import outbox_models
from cms.core.platform import in_platforms, rows_of, staff_platforms


def permission_name(model, action):
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def visible_outboxes(user):
    """The outbox models whose mail this user may see (each model's own view permission)."""
    return [model for model in outbox_models() if user.has_perm(permission_name(model, "view"))]


def outbox_rows_of_staff(rows, model, user):
    """The rows of the user's platforms, as the outbox says where its platform is
    (`platform_path`: to a Platform, or to a page whose tree says)."""
    path = model.platform_path
    mine = staff_platforms(user)
    if user.is_superuser:
        return rows
    if path is None:  # the default platform's mail
        return rows if mine.filter(site__is_default_site=True).exists() else rows.none()
    return rows.filter(rows_of(model, path, mine))


def undelivered_count(user):
    """How many mails of the user's outboxes failed and wait (one query for every outbox:
    their rows' keys in one UNION ALL, counted)."""
    parts = [
        outbox_rows_of_staff(model.undelivered_queryset(), model, user)
        .select_related(None)
        .order_by()
        .values_list("pk")
        for model in visible_outboxes(user)
    ]
    if not parts:
        return 0
    first, *others = parts
    return first.union(*others, all=True).count() if others else first.count()


def pages_in_moderation(platforms):
    """Pages of `platforms` waiting in a workflow for a moderator's decision."""
    return (
        Page.objects.filter(in_platforms(platforms))
        .filter(_workflow_states__status=WorkflowState.STATUS_IN_PROGRESS)
        .aggregate(total=Count("pk", distinct=True))["total"]
    )
