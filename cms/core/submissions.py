"""The same form sent twice records once. A form that records something carries a key of its
own, made when the form is shown (`SubmissionKeyField`); the service stores the key on a
unique column of what it records, and a double click, a reload or a retry over a bad
connection finds the first record instead of making a second (`sent_before`).

A page kept in the page cache (cms/core/pagecache.py) would give every visitor the same key,
and the second visitor's registration would be taken for the first's: the cache notes the
keys made while it renders a page (`recording`) and puts fresh ones in each copy it serves
(`renew`)."""

import contextvars
import secrets
from contextlib import contextmanager

from django import forms

KEY_BYTES = 24


class SubmissionKeyField(forms.CharField):
    """The hidden key of one form shown: a fresh one each time the form is built."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(max_length=64, initial=new_key, **kwargs)


_recorded = contextvars.ContextVar("submission_keys", default=None)


def new_key():
    key = secrets.token_urlsafe(KEY_BYTES)
    if (recorded := _recorded.get()) is not None:
        recorded.append(key)
    return key


@contextmanager
def recording():
    """The list of the keys made inside the block (while one answer renders)."""
    recorded = []
    token = _recorded.set(recorded)
    try:
        yield recorded
    finally:
        _recorded.reset(token)


def renew(content, keys):
    """`content` (bytes) with a fresh key in place of each of `keys`; random and of one
    length, a key stands for nothing else in the page and the length does not change."""
    for key in keys:
        content = content.replace(key.encode(), new_key().encode())
    return content


def sent_before(model, key):
    """What the same form stored when it was sent before (a row of `model` with this
    `submission_key`), or None; None for no key. Call it under the lock that the service
    takes before recording, so that two sends at once find each other rather than both
    recording (the unique column would refuse the second)."""
    if not key:
        return None
    return model.objects.filter(submission_key=key).first()
