"""Mail that is never lost: an outbox row per mail, written in the transaction of the change it
reports, and delivered by a django-q2 task that claims it, sends it, records the outcome and
retries with a growing delay.

An app applies it by

1. giving its mail model the fields of `OutboxMessage` (inherit the abstract model) and naming
   in `delivery_task` the task that delivers one row by primary key;
2. declaring on the model how the mail is made: `recipient()` (a person with an e-mail
   address and a language), `subject()` (or `subject_template`), `body_template` and
   `context()`, and where needed `still_due()` (a reason to skip it), `attachments()`,
   `addresses()` and `language()` (a recipient who is not a person), `delivery_related`
   (what rendering follows), and `platform_path`: how a row reaches the platform the mail
   is about, whose name, sender and address (`base_url` in the context) it carries. The base's `render()` builds the `EmailMessage` in the
   recipient's language, or raises `Skip` when there is nothing to send any more (no
   address, no longer true). A mail whose making is genuinely different (the newsletter:
   batches, headers) overrides nothing and gives its task `deliver(queryset, pk, render)`;
3. writing rows with `Model.write(**fields)`, inside the transaction, which creates the row and
   queues it; the task is one line, `deliver_row("app.Model", pk)`.

The rules:
- The web process never sends: a row is only delivered after its transaction commits, so a
  rolled-back change sends nothing and a failing mail server never undoes a change.
- A row is sent at most once: `sent_at` is claimed under a row lock, and the mail goes out
  while the lock is held, so a task running twice (a retry racing a re-queue) sends once.
- Anything secret (private links) is made by `render` at delivery time: neither the row nor
  the task queue ever holds a token.
- A failure (the mail server, a bug in rendering) is counted in `attempts` with the error in
  `last_error`, and another attempt is scheduled (`retry_delay`) through a one-off django-q2
  `Schedule` named after the row; after `MAX_ATTEMPTS` it stays undelivered, listed for staff
  under Reports → "Undelivered mail", who can try it again.
- A task can be lost: a worker killed (a crash, a restart, the machine's OOM killer) drops the
  tasks it had taken from the queue. Every few minutes `requeue_stalled` queues again each row
  that is still unsent after `OUTBOX_REQUEUE_AFTER_SECONDS` and has no retry scheduled; sending
  twice is impossible anyway (the lock above), so a row queued twice is harmless.
- A worker killed between the mail server accepting a mail and the commit that records it
  sends that one mail again after the restart. Each mail's Message-ID is made from its row, so
  the second copy carries the same Message-ID, by which mail systems recognise a duplicate.
"""

import logging
from datetime import timedelta
from functools import partial
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_q.models import Schedule
from django_q.tasks import async_task

from cms.core import platform as platforms
from cms.core import ruby

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6


# The public forms answer the same whoever types an address, so anyone could flood a
# stranger's inbox through them: one address gets at most this many mails of one kind an hour.
# Counted from the rows written (outbox, pledges), not the client's IP, which many phones share.
MAILS_TO_ONE_ADDRESS_PER_HOUR = 3


def at_hourly_cap(rows, now=None):
    """Whether `rows` (what was already written to one address, with a `created_at`) have
    reached the hourly cap."""
    since = (now or timezone.now()) - timedelta(hours=1)
    return rows.filter(created_at__gte=since).count() >= MAILS_TO_ONE_ADDRESS_PER_HOUR


def retry_delay(attempt):
    """1, 4, 16, 64… minutes (OUTBOX_RETRY_BASE_SECONDS is the first delay), at most 6 hours."""
    return timedelta(seconds=min(settings.OUTBOX_RETRY_BASE_SECONDS * 4 ** (attempt - 1), 21600))


class Skip(Exception):
    """Raised by a renderer: this row needs no mail any more (the reason is kept)."""


class OutboxMessage(models.Model):
    """One mail to send. Concrete models add what the mail is about and to whom."""

    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    #: Dotted path of the django-q2 task that delivers one row, given its primary key.
    delivery_task = ""
    #: What `recipient` and `about` follow (`select_related`), so that the staff list of
    #: undelivered mail costs the same queries however many rows it shows.
    undelivered_related = ()
    #: What `render` follows (`select_related`), so that delivery reads one row in one query.
    delivery_related = ()
    #: How a row reaches the platform it is about: a lookup that ends at a Platform
    #: ("person__platform") or at a page, whose tree says ("registration__event"). Its name
    #: signs the mail, its sender sends it, its address is where the links point, and only
    #: its staff see the row among undelivered mail. None: the default platform's.
    platform_path = None
    #: The body's template; `{kind}` in it is replaced by the row's kind.
    body_template = ""
    #: A subject made by a template (as the body, and as it is, without the site's name)
    #: instead of by `subject()`.
    subject_template = ""

    class Meta:
        abstract = True

    @classmethod
    def write(cls, **fields):
        """Create the row and queue it: the mail goes out once the caller's transaction
        commits, and not at all if it rolls back."""
        row = cls._default_manager.create(**fields)
        row.queue()
        return row

    def queue(self):
        """Deliver this row once the current transaction commits."""
        transaction.on_commit(partial(async_task, self.delivery_task, self.pk))

    @property
    def retry_name(self):
        return f"{self._meta.app_label}-{self._meta.model_name}-{self.pk}"

    def _platform(self):
        """The platform this row reaches by `platform_path`, asked once per row (rendering
        and the Message-ID both need it)."""
        if not hasattr(self, "_outbox_platform"):
            self._outbox_platform = platforms.of_record(self, self.platform_path)
        return self._outbox_platform

    @property
    def message_id(self):
        """The same for every attempt at this row, so a mail sent twice is one message."""
        domain = urlsplit(platforms.base_url(self._platform())).hostname or "localhost"
        return f"<{self.retry_name}.{self.created_at:%Y%m%d%H%M%S}@{domain}>"

    @property
    def given_up(self):
        return self.sent_at is None and self.attempts >= MAX_ATTEMPTS

    # For the staff list of undelivered mail; the concrete model knows its recipient.

    @classmethod
    def undelivered_queryset(cls):
        """Rows whose delivery failed at least once, with what `recipient` and `about` need."""
        rows = cls._default_manager.filter(sent_at__isnull=True, attempts__gt=0)
        # select_related() without names would follow every foreign key.
        return rows.select_related(*cls.undelivered_related) if cls.undelivered_related else rows

    def recipient(self):
        raise NotImplementedError

    def about(self):
        return str(self)

    # How the mail is made, declared by the concrete model (see the module's docstring).

    def addresses(self):
        person = self.recipient()
        if not person.email or person.erased_at:
            raise Skip("no address")
        return [person.email]

    def language(self):
        return self.recipient().language or settings.LANGUAGE_CODE

    def still_due(self):
        """Why this mail is no longer true (and so not sent), or None."""
        return None

    def subject(self):
        """The subject in the active language, without the site's name (added after it)."""
        raise NotImplementedError

    def context(self):
        return {}

    def attachments(self):
        return []

    def render(self):
        to = self.addresses()
        if reason := self.still_due():
            raise Skip(reason)
        kind = getattr(self, "kind", "")
        platform = self._platform()
        with translation.override(self.language()):
            name = platforms.platform_name(platform)
            context = {
                "site_name": name,
                # The secretariat's contact, under every mail (core/mail/signature.txt).
                "contact": platforms.settings_of(platform),
                "platform": platform,
                "base_url": platforms.base_url(platform),
                **self.context(),
            }
            if self.subject_template:
                text = render_to_string(self.subject_template.format(kind=kind), context)
                subject = " ".join(text.split())
            else:
                subject = f"{self.subject()} | {name}"
            body = render_to_string(self.body_template.format(kind=kind), context)
            files = self.attachments()
        # Mail is plain text: titles' furigana markup (cms/core/ruby.py) shows as the words.
        return EmailMessage(
            ruby.to_text(subject),
            ruby.to_text(body),
            platforms.mail_sender(platform),
            to=to,
            attachments=files,
        )


def outbox_models():
    """Every installed model that keeps mail in an outbox (the registry the staff list uses,
    so that `cms` needs to know no app above it)."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, OutboxMessage) and model.delivery_task
    ]


def deliver(queryset, pk, render):
    """Send the row `pk` of `queryset` once; on failure keep it and schedule another attempt.
    Returns "sent", "already sent", "failed", "gone" or the reason `render` gave for
    skipping."""
    model = queryset.model
    try:
        with transaction.atomic():
            # Only the outbox row: locking the joined rows too would take the locks in the
            # opposite order to the services and deadlock with them.
            row = queryset.select_for_update(of=("self",)).get(pk=pk)
            if row.sent_at is not None:
                return "already sent"
            try:
                email = render(row)
            except Skip as skip:
                row.last_error = str(skip)[:300]
                row.sent_at = timezone.now()
                row.save(update_fields=["last_error", "sent_at"])
                return str(skip)
            email.extra_headers.setdefault("Message-ID", row.message_id)
            email.send()
            row.sent_at = timezone.now()
            row.attempts = F("attempts") + 1
            row.save(update_fields=["sent_at", "attempts"])
            return "sent"
    except model.DoesNotExist:
        return "gone"  # deleted with what it was about (e.g. the event) before it went out
    except Exception as error:
        model._default_manager.filter(pk=pk).update(
            attempts=F("attempts") + 1, last_error=f"{type(error).__name__}: {error}"[:300]
        )
        row = model._default_manager.get(pk=pk)
        if row.attempts < MAX_ATTEMPTS:
            logger.warning("%s %s failed (attempt %s)", model._meta.label, pk, row.attempts)
            schedule_retry(row, timezone.now() + retry_delay(row.attempts))
        else:
            logger.error("%s %s given up after %s attempts", model._meta.label, pk, row.attempts)
        return "failed"


def deliver_row(label, pk):
    """The delivery task of a model that declares its mail: send its row `pk` once."""
    model = apps.get_model(label)
    rows = model._default_manager.all()
    # select_related() without names would follow every foreign key.
    if model.delivery_related:
        rows = rows.select_related(*model.delivery_related)
    return deliver(rows, pk, model.render)


def schedule_retry(row, when):
    """A one-off schedule for the next attempt. Negative repeats make django-q2 delete it once
    it has run, so retries leave no rows behind."""
    Schedule.objects.update_or_create(
        name=row.retry_name,
        defaults={
            "func": row.delivery_task,
            "args": repr((row.pk,)),
            "schedule_type": Schedule.ONCE,
            "repeats": -1,
            "next_run": when,
        },
    )


def requeue_stalled(now=None):
    """Queue again the rows whose delivery task was lost (see the module's rules). Returns how
    many were queued."""
    now = now or timezone.now()
    stalled_since = now - timedelta(seconds=settings.OUTBOX_REQUEUE_AFTER_SECONDS)
    retries = set(Schedule.objects.values_list("name", flat=True))
    queued = 0
    for model in outbox_models():
        rows = model._default_manager.filter(
            sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS, created_at__lt=stalled_since
        )
        for row in rows.only("pk", "created_at").iterator():
            if row.retry_name not in retries:
                async_task(row.delivery_task, row.pk)
                queued += 1
    if queued:
        logger.warning("Outbox: queued %s mails again whose delivery task was lost", queued)
    return queued
