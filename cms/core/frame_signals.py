"""What changes the page frame and the public reads kept with it (cms.core.frame) moves the
public version (cms.core.freshness): a page published, unpublished, moved or deleted (the menu,
the home's title and translations, the footer's pages, a filter's areas), a page's privacy
changed (the menu lists public pages only, cms.core.request_memo), the secretariat's contact, a
site or a topic (a filter's choices) changed."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.core import freshness
from cms.core.models import PlatformSettings, Topic


def frame_changed(**kwargs):
    freshness.changed()


def connect():
    """From CoreConfig.ready."""
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(frame_changed, dispatch_uid=f"frame_changed_{id(signal)}")
    for signal, model in [
        (post_delete, Page),
        (post_save, PageViewRestriction),
        (post_delete, PageViewRestriction),
        (post_save, PlatformSettings),
        (post_save, Site),
        (post_delete, Site),
        (post_save, Topic),
        (post_delete, Topic),
    ]:
        signal.connect(frame_changed, sender=model, dispatch_uid=f"frame_changed_{id(signal)}")
