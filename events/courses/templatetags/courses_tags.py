from django import template
from wagtail.models import Locale

from cms.people.models import Qualification
from cms.people.services import qualification_figures

register = template.Library()


@register.inclusion_tag("people/includes/figures.html")
def supporter_figures(slug="tsunagari-supporter"):
    """Public figures of a qualification: trained per year and valid now. Counts only —
    nothing about any person."""
    qualification = Qualification.objects.filter(slug=slug, locale=Locale.get_default()).first()
    if qualification is None:
        return {"qualification": None}
    return {
        "qualification": qualification.localized,
        "figures": qualification_figures(qualification),
    }
