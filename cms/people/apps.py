from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    """A person's contact record, consent, private access links and retention. Personal data
    lives here and in the records that point here, nowhere else."""

    name = "cms.people"
    label = "people"
    verbose_name = _("People")
