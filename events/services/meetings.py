"""Platform meetings (`events.models.meetings`): keeping a members' meeting behind a view
restriction, its materials in the members' collection, and inviting the invited
organisations."""

from django.db import transaction

from events import queries
from events.models import EventPage, MeetingInvitation

MEMBERS_COLLECTION = "会員向け資料"


def _meeting_groups(platform):
    """The member accounts and the secretariat of `platform`, never another platform's."""
    from cms.directory.members.services import members_group, secretariat_group

    return [members_group(platform), secretariat_group(platform)]


def members_collection(platform=None):
    """The document collection that only member accounts and the secretariat may download:
    under the platform's collection (the default platform's when none is given), where its
    staff's rights on images and documents reach it (cms.core.roles)."""
    from wagtail.models import Collection, CollectionViewRestriction

    from cms.core import platform as platforms

    platform = platform or platforms.default()
    root = (platform and platform.collection) or Collection.get_first_root_node()
    collection = root.get_children().filter(name=MEMBERS_COLLECTION).first()
    if collection is None:
        collection = root.add_child(name=MEMBERS_COLLECTION)
    restriction = CollectionViewRestriction.objects.filter(collection=collection).first()
    if restriction is None:
        restriction = CollectionViewRestriction.objects.create(
            collection=collection, restriction_type=CollectionViewRestriction.GROUPS
        )
    restriction.groups.set(_meeting_groups(platform))
    return collection


@transaction.atomic
def protect_meeting(event):
    """Keep a members' meeting (every translation of it) behind a view restriction to member
    accounts and the secretariat, which takes it out of public lists, search, feeds and the
    sitemap, and move its materials into the members' collection. Undone when the page is no
    longer a members' meeting."""
    from wagtail.models import PageViewRestriction

    from cms.core import platform as platforms
    from cms.search.index import index_object

    source = event.source
    platform = platforms.of_page(source) or platforms.default()
    pages = list(EventPage.objects.filter(translation_key=source.translation_key))
    groups = _meeting_groups(platform)
    if not source.members_only:
        PageViewRestriction.objects.filter(
            page__in=pages,
            restriction_type=PageViewRestriction.GROUPS,
            groups=groups[0],
        ).delete()
    else:
        for page in pages:
            restriction = PageViewRestriction.objects.filter(
                page=page, restriction_type=PageViewRestriction.GROUPS
            ).first() or PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.GROUPS
            )
            restriction.groups.set(groups)
    # The search index saw the page before the restriction was (un)set: bring it up to date.
    for page in pages:
        index_object(page)
    if not source.members_only:
        return
    collection = members_collection(platform)
    for material in source.meeting_materials.select_related("document"):
        if material.document.collection_id != collection.pk:
            material.document.collection = collection
            material.document.save(update_fields=["collection"])


@transaction.atomic
def invite_members(event):
    """Write an invitation to every invited organisation not invited yet; returns how many.
    Publishing again after adding a tier invites only the newcomers."""
    source = event.source
    if not source.members_only or source.cancelled_at or source.has_ended:
        return 0
    already = MeetingInvitation.objects.filter(event=source).values("organisation")
    count = 0
    for organisation in queries.invited_organisations(source).exclude(pk__in=already):
        MeetingInvitation.write(event=source, organisation=organisation)
        count += 1
    return count
