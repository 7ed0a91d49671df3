from django import forms
from django.utils.translation import gettext_lazy as _

from cms.core.forms import NormalisedFormMixin
from cms.core.params import parse_text
from cms.core.text import normalise
from cms.directory.windows.models import WHO_FOR, AgeBand

# The ways to reach a window, as the navigator and the directory offer them.
CHANNEL_CHOICES = [
    ("", _("Any way")),
    ("phone", _("Phone")),
    ("line", _("LINE")),
    ("chat", _("Chat")),
    ("mail", _("E-mail")),
    ("visit", _("In person")),
]


class NavigatorForm(NormalisedFormMixin, forms.Form):
    """The guided finder's questions, all optional: sent by GET, so the answers live only in the
    address the visitor can bookmark or share, never on our side."""

    who = forms.ChoiceField(
        label=_("Who is worried?"),
        required=False,
        widget=forms.RadioSelect,
        choices=[("self", _("Myself")), ("family", _("My family")), ("friend", _("A friend"))],
    )
    age = forms.ChoiceField(
        label=_("Age of the person who is worried"),
        required=False,
        widget=forms.RadioSelect,
        choices=AgeBand.choices,
    )
    gender = forms.ChoiceField(
        label=_("Gender of the person who is worried"),
        required=False,
        widget=forms.RadioSelect,
        choices=[("", _("Rather not say")), ("women", _("Woman")), ("men", _("Man"))],
    )
    foreign = forms.BooleanField(label=_("A foreign resident"), required=False)
    carer = forms.BooleanField(label=_("Looks after a family member"), required=False)
    worry = forms.MultipleChoiceField(
        label=_("What is on your mind?"), required=False, widget=forms.CheckboxSelectMultiple
    )
    area = forms.ChoiceField(label=_("Where do you live?"), required=False)
    channel = forms.ChoiceField(
        label=_("How would you like to talk?"),
        required=False,
        widget=forms.RadioSelect,
        choices=CHANNEL_CHOICES,
    )

    #: The yes/no questions about the person, shown together in one group.
    ABOUT = ("foreign", "carer")

    def __init__(self, *args, worries=(), areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worry"].choices = [(w.slug, w.phrase) for w in worries]
        self.fields["area"].choices = [("", _("Anywhere"))] + [(a, a) for a in areas]

    def about(self):
        return [self[name] for name in self.ABOUT]

    def questions(self):
        """The questions shown one by one (the yes/no ones are shown as a group)."""
        return [field for field in self if field.name not in self.ABOUT]


class YoungForm(NormalisedFormMixin, forms.Form):
    """The under-18 path's only questions (issue 21): what is on their mind and how they want
    to talk. Nothing that could tell who they are, not even where they live."""

    worry = forms.MultipleChoiceField(
        label=_("What is troubling you?"), required=False, widget=forms.CheckboxSelectMultiple
    )
    channel = forms.ChoiceField(
        label=_("How do you want to talk?"),
        required=False,
        widget=forms.RadioSelect,
        choices=CHANNEL_CHOICES,
    )

    def __init__(self, *args, worries=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worry"].choices = [(w.slug, w.phrase) for w in worries]


class _RawCheckbox(forms.CheckboxInput):
    """A checkbox whose value reaches the field as sent, so that a value no checkbox sends
    (「?open_now=maybe」) is reported rather than read as ticked."""

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class StrictCheckboxField(forms.BooleanField):
    """Ticked: "on" (what the browser sends), "1" or "true", full-width too; absent or empty:
    not ticked; anything else: an error on the field."""

    widget = _RawCheckbox
    TICKED = {"on", "1", "true"}

    def to_python(self, value):
        if value in (None, "", False):
            return False
        if value is True or normalise(str(value)).strip().casefold() in self.TICKED:
            return True
        raise forms.ValidationError(_("Tick the box, or leave it empty."), code="invalid")

    def validate(self, value):
        pass


class WindowFilterForm(NormalisedFormMixin, forms.Form):
    """The filters of the directory of windows, sent by GET: a page of the list to bookmark or
    share. A value that is not one of the choices is reported on its field and not applied;
    the other filters still are."""

    q = forms.CharField(label=_("Words to search for"), required=False)
    worry = forms.ChoiceField(label=_("What is on your mind?"), required=False)
    who = forms.ChoiceField(
        label=_("Who is it for?"),
        required=False,
        choices=[("", _("Anyone"))] + [(key, label) for key, (label, _field) in WHO_FOR.items()],
    )
    channel = forms.ChoiceField(
        label=_("How would you like to talk?"),
        required=False,
        widget=forms.RadioSelect,
        choices=CHANNEL_CHOICES,
    )
    open_now = StrictCheckboxField(label=_("Open now"), required=False)
    open_24h = forms.BooleanField(label=_("Open 24 hours"), required=False)
    free = forms.BooleanField(label=_("Free of charge"), required=False)
    anonymous = forms.BooleanField(label=_("No need to give your name"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)

    #: The yes/no conditions, shown together in one group.
    CONDITIONS = ("open_now", "open_24h", "free", "anonymous")

    def __init__(self, *args, worries=(), languages=(), municipalities=(), **kwargs):
        # No colon after the labels (「いま受付中:」 beside its box), as the site's other forms.
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["worry"].choices = [("", _("Any"))] + [(w.slug, w.phrase) for w in worries]
        if not worries:
            del self.fields["worry"]
        self.fields["language"].choices = [("", _("Any"))] + [(x, x) for x in languages]
        # Only a prefecture's platform lists several municipalities' windows.
        if municipalities:
            self.fields["municipality"].choices = [("", _("All"))] + [
                (info.slug, info.name()) for info in municipalities
            ]
        else:
            del self.fields["municipality"]

    def clean_q(self):
        return parse_text(self.cleaned_data["q"], max_length=100)

    def applied(self):
        """The filters that are valid (all of them, or those without an error)."""
        self.is_valid()
        return self.cleaned_data

    def conditions(self):
        return [self[name] for name in self.CONDITIONS]

    def choices(self):
        """The fields shown one by one (the conditions are shown as a group)."""
        return [field for field in self if field.name not in self.CONDITIONS]
