"""The one vocabulary of refusals: a code, its parameters, a message in the language of
whoever reads it, and the form field it belongs next to."""

import pytest
from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cms.core.errors import Refusal, attach


class SeatRefusal(Refusal):
    messages = {
        "full": _("Sorry, the event is full."),
        "bad_quantity": _("Give a quantity from 1 to %(max)s."),
    }
    fields = {"bad_quantity": "quantity"}


class SeatForm(forms.Form):
    name = forms.CharField(required=False)
    quantity = forms.IntegerField(required=False)


def bound_form(**kwargs):
    form = SeatForm({"name": "花子", "quantity": "3"}, **kwargs)
    assert form.is_valid()
    return form


def test_the_message_of_a_code_is_in_the_language_active_when_it_is_read():
    refusal = SeatRefusal("full")
    with translation.override("ja"):
        assert refusal.message == "申し訳ありません。満席です。"
    with translation.override("en"):
        assert refusal.message == "Sorry, the event is full."


def test_parameters_fill_the_message():
    refusal = SeatRefusal("bad_quantity", max=99)
    assert (refusal.code, refusal.params) == ("bad_quantity", {"max": 99})
    with translation.override("ja"):
        assert refusal.message == "数量は1から99までで入力してください。"
    with translation.override("en"):
        assert refusal.message == "Give a quantity from 1 to 99."


def test_an_unknown_code_gets_the_general_message():
    refusal = SeatRefusal("no_such_code", detail="x")
    with translation.override("ja"):
        assert refusal.message == "この操作はできません。"
    with translation.override("en"):
        assert refusal.message == "This cannot be done."


def test_it_is_an_exception_that_compares_and_prints_by_its_code():
    with pytest.raises(SeatRefusal, match="full") as raised:
        raise SeatRefusal("full")
    assert isinstance(raised.value, Refusal) and raised.value.reason == "full"
    assert SeatRefusal("bad_quantity", max=9) == SeatRefusal("bad_quantity", max=9)
    assert SeatRefusal("bad_quantity", max=9) != SeatRefusal("bad_quantity", max=10)
    assert SeatRefusal("full") != Refusal("full")
    with translation.override("en"):
        assert str(SeatRefusal("full")) == "full: Sorry, the event is full."
    assert repr(SeatRefusal("bad_quantity", max=9)) == (
        "SeatRefusal('bad_quantity', field='quantity', max=9)"
    )


def test_the_field_comes_from_the_service_or_the_table_of_its_class():
    assert SeatRefusal("bad_quantity").field == "quantity"
    assert SeatRefusal("full").field is None
    assert SeatRefusal("full", field="name").field == "name"


def test_attach_puts_the_message_next_to_its_field():
    form = bound_form()
    with translation.override("en"):
        attach(form, SeatRefusal("bad_quantity", max=9))
    assert form.errors == {"quantity": ["Give a quantity from 1 to 9."]}
    assert not form.is_valid()


def test_attach_puts_a_refusal_about_the_whole_form_at_the_top():
    form = bound_form()
    with translation.override("en"):
        attach(form, SeatRefusal("full"))
    assert form.non_field_errors() == ["Sorry, the event is full."]


def test_a_field_the_form_does_not_have_goes_to_the_top():
    form = bound_form()
    with translation.override("en"):
        attach(form, SeatRefusal("full", field="companions"))
    assert form.non_field_errors() == ["Sorry, the event is full."]


def test_the_caller_and_the_form_may_know_the_field_better():
    form = bound_form()
    form.refusal_fields = {"full": "name"}
    with translation.override("en"):
        attach(form, SeatRefusal("full"))
        attach(form, SeatRefusal("bad_quantity", max=9), "name")
    assert form.errors == {
        "name": ["Sorry, the event is full.", "Give a quantity from 1 to 9."],
    }
