"""Outside iCalendar feeds mirrored into an event index, and the events read from them."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import DraftStateMixin, RevisionMixin, WorkflowMixin

from cms.core.models import platform_field
from events.models.pages import EventIndexPage


class CalendarSource(models.Model):
    """An outside iCalendar feed whose events are mirrored into an event index, so that a
    member organisation that keeps its calendar elsewhere does not type its events twice.
    `events.imports.import_source` fetches it on a schedule (migration 0006)."""

    name = models.CharField(_("name"), max_length=200, help_text=_("Shown as “imported from …”."))
    url = models.URLField(_("iCal address"), max_length=500)
    organisation = models.ForeignKey(
        "directory.MemberOrganisationPage",
        verbose_name=_("member organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Leave empty for the secretariat's own calendar."),
    )
    index = models.ForeignKey(
        EventIndexPage,
        verbose_name=_("event index"),
        on_delete=models.CASCADE,
        related_name="calendar_sources",
        help_text=_("Where the imported events are listed."),
    )
    # The platform of its index (set from it on save): its events are listed there only, and
    # only that platform's staff see the source and what it brings.
    platform = platform_field(editable=False)
    active = models.BooleanField(_("active"), default=True)
    # Anyone who can register a feed decides what it says: by default what it brings waits
    # for the secretariat, as member organisations' own pages do.
    publish_directly = models.BooleanField(
        _("publish directly"),
        default=False,
        help_text=_(
            "Only for a calendar the secretariat trusts: its events are listed as soon as they "
            "are read. Otherwise each new or changed event waits for the secretariat's approval."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True, editable=False)
    last_ok_at = models.DateTimeField(_("last read"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)

    class Meta:
        verbose_name = _("imported calendar")
        verbose_name_plural = _("imported calendars")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        from cms.core.platform import of_page

        if self.index_id is not None:
            platform = of_page(self.index)
            if platform is not None:
                self.platform = platform
        super().save(*args, **kwargs)


class ImportedEvent(WorkflowMixin, DraftStateMixin, RevisionMixin, models.Model):
    """One occurrence read from a CalendarSource, keyed by (UID, RECURRENCE-ID) so that the next
    fetch updates or removes it. Never a page, and not edited here, only mirrored; but moderated
    as members' pages are: from a source that does not publish directly, a new event is a draft
    and a change is a revision, each submitted to the secretariat's workflow, and the row keeps
    what was approved until the revision is published."""

    source = models.ForeignKey(
        CalendarSource,
        verbose_name=_("imported calendar"),
        on_delete=models.CASCADE,
        related_name="imported_events",
    )
    uid = models.CharField(max_length=255)
    recurrence_id = models.CharField(max_length=64, blank=True)
    title = models.CharField(_("title"), max_length=255)
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"))
    all_day = models.BooleanField(default=False)
    location = models.CharField(_("location"), max_length=255, blank=True)
    url = models.URLField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=20, default="CONFIRMED")
    sequence = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="imported_event")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="imported_event",
        for_concrete_model=False,
    )

    class Meta:
        verbose_name = _("imported event")
        verbose_name_plural = _("imported events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "uid", "recurrence_id"], name="events_imported_event_key"
            )
        ]

    def __str__(self):
        return self.title

    @property
    def revisions(self):
        return self._revisions

    def get_workflow(self):
        """The moderation workflow of its source's platform: that platform's secretariat
        reviews it (Wagtail's default is one workflow per model, shared by every platform)."""
        from django.conf import settings

        from cms.directory.members.services import moderation_workflow

        if not getattr(settings, "WAGTAIL_WORKFLOW_ENABLED", True):
            return None
        workflow = moderation_workflow(self.source.platform)
        return workflow if workflow.active else None
