"""What every public form has against robots: the rate limit of its view (see ratelimit.py)
and a honeypot, a field people never see and robots fill in.

The honeypot is hidden from people (visually hidden, out of the tab order, hidden from screen
readers), with a label that asks to leave it empty should it ever show (no stylesheet, a
reader mode). A form sent with it filled records nothing and comes back with a message that
does not name the trap, keeping what was typed: a person whose browser filled it by mistake
sends again (the field comes back empty) rather than believing they are registered when they
are not; a robot learns nothing it could use. The log says which form, nothing of the sender."""

import logging

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.core.ratelimit import RateLimitedFormMixin, current_limit

logger = logging.getLogger("tsunagu.abuse")

#: A name robots like to fill in, and that no public form uses for a real field.
HONEYPOT = "website"


class HoneypotInput(forms.TextInput):
    template_name = "core/widgets/honeypot.html"

    def __init__(self):
        super().__init__(attrs={"autocomplete": "off", "tabindex": "-1"})

    @property
    def is_hidden(self):
        # Drawn with the form's hidden fields, by its own template: no visible label or help.
        return True

    def format_value(self, value):
        # Never sent back: a person whose browser filled it can send the form again as it is.
        return None


class HoneypotField(forms.CharField):
    widget = HoneypotInput

    def __init__(self, **kwargs):
        super().__init__(required=False, label=_("Leave this field empty"), **kwargs)


class PublicFormMixin(RateLimitedFormMixin):
    """Every form the public sends: the honeypot, and the refusal of its view's rate limit.
    Staff's forms (ContactForm with staff=True) drop the honeypot."""

    honeypot_message = _(
        "We could not accept this form. Please check what you entered and send it again."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT] = HoneypotField()

    def full_clean(self):
        super().full_clean()
        # The trap is no field of what the form records: a view that hands the cleaned data
        # to its service as it is must not pass it on.
        getattr(self, "cleaned_data", {}).pop(HONEYPOT, None)
        if not self.is_bound or current_limit() is not None or HONEYPOT not in self.fields:
            return
        if not self.honeypot_filled():
            return
        logger.info("honeypot filled: %s dropped", type(self).__name__)
        self.add_error(None, self.honeypot_message)

    def honeypot_filled(self):
        return bool(str(self.data.get(self.add_prefix(HONEYPOT)) or "").strip())
