"""A StreamField block any page can hold: the public figures of a qualification (supporters
trained per year, valid today). Counts only, nothing about any person."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock


class SupporterFiguresBlock(blocks.StructBlock):
    qualification = SnippetChooserBlock("people.Qualification", label=_("Qualification"))

    class Meta:
        icon = "group"
        label = _("Supporter figures")
        template = "people/includes/figures.html"

    def get_context(self, value, parent_context=None):
        from cms.people.services import qualification_figures

        context = super().get_context(value, parent_context=parent_context)
        qualification = value.get("qualification")
        if qualification is not None:
            context["qualification"] = qualification.localized
            context["figures"] = qualification_figures(qualification)
        return context
