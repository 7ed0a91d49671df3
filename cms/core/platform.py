"""The platform's own name, as every app's mails and calendar files sign with it."""

from django.conf import settings
from wagtail.models import Site


def platform_name():
    """The default site's home page title in the active language (WAGTAIL_SITE_NAME before
    there is a site)."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return settings.WAGTAIL_SITE_NAME
    return site.root_page.localized.title
