"""The admin list of open personal-data requests: record one that came in, see what is due
(overdue first), close it as done or declined. Only for those who handle requests, on their
own platforms (cms.people.data_requests.handling_platforms)."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.core.guards import staff_may
from cms.core.models import Platform
from cms.core.params import parse_int
from cms.core.text import normalise
from cms.people.data_requests import (
    DataRequestError,
    close_data_request,
    handling_platforms,
    open_requests,
    receive_data_request,
)
from cms.people.models import DataRequest


class NormalisedDateField(forms.DateField):
    """A date typed with full-width digits (２０２６－１２－０７) reads as the same date."""

    def to_python(self, value):
        return super().to_python(normalise(value) if isinstance(value, str) else value)


class ReceiveForm(forms.Form):
    platform = forms.ModelChoiceField(
        label=gettext_lazy("Platform"), queryset=Platform.objects.none()
    )
    kind = forms.ChoiceField(label=gettext_lazy("Request"), choices=DataRequest.Kind.choices)
    channel = forms.ChoiceField(
        label=gettext_lazy("How it came in"), choices=DataRequest.Channel.choices
    )
    received_on = NormalisedDateField(
        label=gettext_lazy("Date received"), widget=forms.DateInput(attrs={"type": "date"})
    )
    due_on = NormalisedDateField(
        label=gettext_lazy("Due on"),
        required=False,
        help_text=gettext_lazy("Empty: 14 days after it was received."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(
        label=gettext_lazy("Note"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("No personal data: no name, address, phone or e-mail."),
    )

    def __init__(self, *args, platforms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platform"].queryset = platforms
        self.fields["received_on"].initial = timezone.localdate()
        only = list(platforms[:2])
        if len(only) == 1:
            self.fields["platform"].initial = only[0]


@staff_may("people.handle_data_requests")
def open_requests_view(request):
    """GET: the open requests and the form; POST: record one, or close one."""
    platforms = handling_platforms(request.user)
    form = ReceiveForm(
        request.POST if request.POST.get("action") == "receive" else None, platforms=platforms
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "receive" and form.is_valid():
                data = form.cleaned_data
                receive_data_request(
                    data["platform"],
                    kind=data["kind"],
                    channel=data["channel"],
                    received_on=data["received_on"],
                    due_on=data["due_on"],
                    note=data["note"],
                )
                messages.success(request, _("The request was recorded."))
                return redirect("people_open_data_requests")
            if action in (DataRequest.State.DONE, DataRequest.State.DECLINED):
                pk = parse_int(request.POST.get("request"))
                close_data_request(pk, action, request.user, platforms)
                messages.success(request, _("The request was closed."))
                return redirect("people_open_data_requests")
        except DataRequestError as refusal:
            if refusal.field and refusal.field in form.fields:
                form.add_error(refusal.field, refusal.message)
            else:
                messages.error(request, refusal.message)
    today = timezone.localdate()
    rows = [
        (row, row.due_on is not None and row.due_on < today) for row in open_requests(platforms)
    ]
    return TemplateResponse(
        request,
        "people/admin/open_data_requests.html",
        {"form": form, "rows": rows, "today": today, "many_platforms": platforms.count() > 1},
    )
