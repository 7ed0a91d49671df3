"""The same form sent twice records once. A form that records something carries a key of its
own, made when the form is shown (`SubmissionKeyField`); the service stores the key on a
unique column of what it records, and a double click, a reload or a retry over a bad
connection finds the first record instead of making a second (`sent_before`)."""

import secrets

from django import forms

KEY_BYTES = 24


class SubmissionKeyField(forms.CharField):
    """The hidden key of one form shown: a fresh one each time the form is built."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(max_length=64, initial=new_key, **kwargs)


def new_key():
    return secrets.token_urlsafe(KEY_BYTES)


def sent_before(model, key):
    """What the same form stored when it was sent before (a row of `model` with this
    `submission_key`), or None; None for no key. Call it under the lock that the service
    takes before recording, so that two sends at once find each other rather than both
    recording (the unique column would refuse the second)."""
    if not key:
        return None
    return model.objects.filter(submission_key=key).first()
