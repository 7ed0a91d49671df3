"""Refusals: one vocabulary for every "no" a service gives a person (a registration when the
event is full, a pledge beyond the target, a shift that overlaps another). A refusal is a
code that programs compare, parameters, and a message in the visitor's language, rendered
only when it is shown so that a refusal raised in one language can be read in another. Each
app subclasses `Refusal` with its table of messages; views put a refusal on their form with
`attach`.

Errors of the outside world (a feed that cannot be fetched) are not refusals: they have no
code to react to, only a description of what went wrong."""

import datetime

from django.utils import formats
from django.utils.translation import gettext_lazy as _


class Refusal(Exception):
    """Why a service refuses: `code` for programs, `params` for the message, `field` the form
    field it is about (None: the whole form)."""

    #: code -> message, with %(name)s placeholders for the params.
    messages = {}
    #: code -> the form field a refusal with that code is about, when the service does not say.
    fields = {}
    #: Shown for a code that has no message of its own.
    default_message = _("This cannot be done.")

    def __init__(self, code, *, field=None, **params):
        self.code = code
        self.params = params
        self.field = field if field is not None else self.fields.get(code)
        super().__init__(code)

    @property
    def reason(self):
        """The code, by the name most callers knew it under."""
        return self.code

    @property
    def message(self):
        text = self.messages.get(self.code, self.default_message)
        return text % _readable(self.params) if self.params else str(text)

    def __eq__(self, other):
        if not isinstance(other, Refusal):
            return NotImplemented
        return (type(self), self.code, self.params, self.field) == (
            type(other),
            other.code,
            other.params,
            other.field,
        )

    def __hash__(self):
        return hash((type(self), self.code, self.field))

    def __str__(self):
        # The code first, so that a test or a log line can match it in any language.
        return f"{self.code}: {self.message}"

    def __repr__(self):
        params = "".join(f", {name}={value!r}" for name, value in self.params.items())
        field = f", field={self.field!r}" if self.field else ""
        return f"{type(self).__name__}({self.code!r}{field}{params})"


def _readable(params):
    """The parameters as the message shows them: a day as people write it in the language
    the message is read in (2026年12月20日, Dec. 20, 2026), never its ISO form (a pledge's
    refusal read 「2026-12-01から2026-12-20まで」). The params keep the date itself."""
    return {
        name: formats.date_format(value, "DATE_FORMAT")
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
        else value
        for name, value in params.items()
    }


def attach(form, refusal, field=None):
    """Show `refusal` on `form`, next to the field it is about: `field` when the caller
    knows it (fields made per item), else the one the form's `refusal_fields` maps the code
    to (the form knows its own field names best), else the refusal's own. At the top of the
    form when the form has no such field."""
    name = field or getattr(form, "refusal_fields", {}).get(refusal.code) or refusal.field
    form.add_error(name if name in form.fields else None, refusal.message)
