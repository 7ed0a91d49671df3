"""A volunteer: a person who signed up to help, with what they can do and when."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Volunteer(models.Model):
    """A person who volunteers: how they can help. Name and contact live on the Person, whose
    platform is the volunteer's: the same address on two platforms is two volunteers."""

    class Language(models.TextChoices):
        JA = "ja", _("Japanese")
        EN = "en", _("English")
        ZH = "zh", _("Chinese")
        KO = "ko", _("Korean")
        VI = "vi", _("Vietnamese")
        PT = "pt", _("Portuguese")
        TL = "tl", _("Tagalog")
        NE = "ne", _("Nepali")
        JSL = "jsl", _("Japanese Sign Language")

    class Skill(models.TextChoices):
        DRIVING = "driving", _("Driving licence")
        COOKING = "cooking", _("Cooking")
        FOOD_HYGIENE = "food_hygiene", _("Food hygiene")
        LIFTING = "lifting", _("Carrying and lifting")
        CHILDCARE = "childcare", _("Childcare")
        IT = "it", _("Computers and phones")
        FIRST_AID = "first_aid", _("First aid")
        INTERPRETING = "interpreting", _("Interpreting")

    person = models.OneToOneField(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="volunteer",
    )
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    email_confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by staff"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["-created_at"]

    def __str__(self):
        return str(self.person)

    @property
    def language_labels(self):
        labels = dict(self.Language.choices)
        return [labels.get(code, code) for code in self.languages]

    @property
    def skill_labels(self):
        labels = dict(self.Skill.choices)
        return [labels.get(code, code) for code in self.skills]
