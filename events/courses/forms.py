"""The course form in the admin: the sessions one picks (required sessions, make-ups and what
they replace) are the sessions of the course's own event, never another event's."""

from django import forms
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm

from events.models import EventSession


class TrainingCourseForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The event being saved decides, else the one on record; a new course without an
        # event offers no session until one is chosen.
        posted = str(self.data.get("event", "")) if self.is_bound else ""
        event_id = int(posted) if posted.isdigit() else self.instance.event_id
        sessions = EventSession.objects.filter(page_id=event_id).order_by("starts_at", "pk")
        self.fields["required_sessions"].queryset = sessions
        self.formsets["make_ups"].form = _limited(self.formsets["make_ups"].form, sessions)

    def clean_event(self):
        """The page chooser browses every site: the event must be of the account's own
        platform (issue 18)."""
        from events import platforms

        event = self.cleaned_data.get("event")
        user = self.for_user
        if event is not None and user is not None and not platforms.staff_holds(user, event):
            raise forms.ValidationError(_("Choose an event of your own platform."))
        return event


def _limited(form_class, sessions):
    """form_class whose session pickers offer only `sessions` (the formset builds its forms,
    the empty one for "add" included, from it)."""

    class Limited(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["session"].queryset = sessions
            self.fields["replaces"].queryset = sessions

    return Limited
