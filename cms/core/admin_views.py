"""Staff views of site-wide pieces: mail that could not be delivered (`cms.core.outbox`)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from cms.core.guards import require
from cms.core.outbox import outbox_models
from cms.core.params import parse_int

#: The most rows shown per kind of mail: enough to act on, bounded for the page.
LIMIT = 200


def _permission(model, action):
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def visible_outboxes(user):
    """The outbox models whose mail this user may see (each model's own view permission)."""
    return [model for model in outbox_models() if user.has_perm(_permission(model, "view"))]


def undelivered_mail(request):
    """Mail that failed at least once: still being retried, or given up. Trying again sends
    it at once (once: a row already sent is never sent again)."""
    models = visible_outboxes(request.user)
    require(request, allowed=bool(models))
    if request.method == "POST":
        by_label = {model._meta.label_lower: model for model in models}
        model = by_label.get(request.POST.get("outbox", ""))
        require(request, allowed=model and request.user.has_perm(_permission(model, "change")))
        pk = parse_int(request.POST.get("pk"))
        row = model._default_manager.filter(pk=pk, sent_at__isnull=True).first() if pk else None
        if row is None:
            messages.error(request, _("This mail has been sent already or no longer exists."))
        else:
            row.queue()
            messages.success(request, _("The mail is on its way again."))
        return redirect("undelivered_mail")
    sections = []
    for model in models:
        rows = list(model.undelivered_queryset().order_by("-created_at", "-pk")[:LIMIT])
        sections.append(
            {
                "label": model._meta.label_lower,
                "name": model._meta.verbose_name_plural,
                "rows": rows,
                "can_retry": request.user.has_perm(_permission(model, "change")),
                "limit": LIMIT,
            }
        )
    return TemplateResponse(request, "core/admin/undelivered_mail.html", {"sections": sections})
