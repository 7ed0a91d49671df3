"""Staff views of site-wide pieces: mail that could not be delivered (`cms.core.outbox`), the
logging of admin lists of people (`LoggedIndexView`) and choosers of people only for those
who may see them (`PeopleChooserViewSet`), the readings suggested to the rich text editor's
furigana control (`furigana_suggestions`)."""

import json

from django.contrib import messages
from django.http import HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.snippets.views import chooser

from cms.core import furigana
from cms.core.exports import logged_view
from cms.core.guards import may_see_model, require
from cms.core.params import parse_int, parse_ints
from cms.core.queries import outbox_rows_of_staff, permission_name, visible_outboxes

#: The most rows shown per kind of mail: enough to act on, bounded for the page.
LIMIT = 200
#: The most text one request for readings may hold (a long page's every paragraph).
FURIGANA_LIMIT = 50_000


@require_POST
def furigana_suggestions(request):
    """Readings for the paragraphs of a rich text field, for static/tsunagu/js/ruby.js:
    {"texts": [{"text": ..., "keep": [[start, end], ...]}]} gives {"results": [{"reading":
    whole text's, "spans": [[start, end, reading], ...], "markup": the text with the ruby
    markup of plain fields added}]}, offsets in UTF-16 units as the editor counts them;
    nothing is suggested over a kept range (the editor's own ruby, in either form)."""
    try:
        # Anything but JSON (an empty form) asks for nothing: no readings, not an error.
        is_json = request.content_type == "application/json"
        texts = json.loads(request.body)["texts"] if is_json else []
        items = [
            (str(item["text"]), [(int(s), int(e)) for s, e in item.get("keep", [])])
            for item in texts
        ]
    except (ValueError, KeyError, TypeError):
        return HttpResponseBadRequest()
    if sum(len(text) for text, _keep in items) > FURIGANA_LIMIT:
        return HttpResponseBadRequest()
    results = []
    for text, keep in items:
        units = _utf16_offsets(text)
        points = {unit: point for point, unit in enumerate(units)}
        kept = [(points.get(s, 0), points.get(e, len(text))) for s, e in keep]
        spans = furigana.readings(text, keep=kept)
        results.append(
            {
                "reading": furigana.reading_of(text),
                "spans": [[units[s], units[e], reading] for s, e, reading in spans],
                "markup": furigana.annotate(text),
            }
        )
    return JsonResponse({"results": results})


def _utf16_offsets(text):
    """The UTF-16 offset of each code point of the text, and of its end."""
    offsets = [0]
    for char in text:
        offsets.append(offsets[-1] + (2 if ord(char) > 0xFFFF else 1))
    return offsets


def undelivered_mail(request):
    """Mail that failed at least once: still being retried, or given up. Trying again sends
    it at once (once: a row already sent is never sent again)."""
    models = visible_outboxes(request.user)
    require(request, allowed=bool(models))
    if request.method == "POST":
        by_label = {model._meta.label_lower: model for model in models}
        model = by_label.get(request.POST.get("outbox", ""))
        require(request, allowed=model and request.user.has_perm(permission_name(model, "change")))
        pk = parse_int(request.POST.get("pk"))
        row = (
            outbox_rows_of_staff(
                model._default_manager.filter(pk=pk, sent_at__isnull=True), model, request.user
            ).first()
            if pk
            else None
        )
        if row is None:
            messages.error(request, _("This mail has been sent already or no longer exists."))
        else:
            row.queue()
            messages.success(request, _("The mail is on its way again."))
        return redirect("undelivered_mail")
    sections = []
    for model in models:
        rows = list(
            outbox_rows_of_staff(model.undelivered_queryset(), model, request.user).order_by(
                "-created_at", "-pk"
            )[:LIMIT]
        )
        sections.append(
            {
                "label": model._meta.label_lower,
                "name": model._meta.verbose_name_plural,
                "rows": rows,
                "can_retry": request.user.has_perm(permission_name(model, "change")),
                "limit": LIMIT,
            }
        )
    return TemplateResponse(request, "core/admin/undelivered_mail.html", {"sections": sections})


class LoggedIndexView:
    """For the index view of a viewset that lists people (volunteers, the supporter
    registry): each list shown, or filtered, is logged with the rows it shows, under
    `log_kind` (`cms.core.exports.logged_view`)."""

    log_kind = ""

    def render_to_response(self, context, **response_kwargs):
        logged_view(self.request, self.log_kind, None, len(context["object_list"]))
        return super().render_to_response(context, **response_kwargs)


class _SeesTheModel:
    def dispatch(self, request, *args, **kwargs):
        require(request, allowed=may_see_model(request, self.model_class))
        return super().dispatch(request, *args, **kwargs)


class _KeysOnly:
    """Wagtail's "chosen multiple" filters on every `?id=` as given, and a value that is not a
    row's number ("abc", or too large for the database) raised a 500: it chooses nothing."""

    def get_objects(self, pks):
        return super().get_objects(parse_ints(pks))


class PeopleChooserViewSet(chooser.SnippetChooserViewSet):
    """The chooser of a snippet whose rows are people (volunteers, the supporter registry).
    Wagtail lets everyone in the admin open a snippet's chooser, which would list names to a
    trainer or a member; this one answers only those with a permission on the model."""

    choose_view_class = type("ChooseView", (_SeesTheModel, chooser.ChooseView), {})
    choose_results_view_class = type(
        "ChooseResultsView", (_SeesTheModel, chooser.ChooseResultsView), {}
    )
    chosen_view_class = type("ChosenView", (_SeesTheModel, chooser.SnippetChosenView), {})
    chosen_multiple_view_class = type(
        "ChosenMultipleView", (_SeesTheModel, _KeysOnly, chooser.SnippetChosenMultipleView), {}
    )
    create_view_class = type("CreateView", (_SeesTheModel, chooser.SnippetCreateView), {})
