from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Person(models.Model):
    """Someone who registered, volunteers, subscribes or applied: who they are and how to reach
    them. Residents have no account; they reach their own records through access tokens."""

    name = models.CharField(_("name"), max_length=100)
    name_kana = models.CharField(_("name in kana"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    language = models.CharField(
        _("language for messages"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    last_active_at = models.DateTimeField(
        _("last active"),
        auto_now_add=True,
        help_text=_("Retention counts from here: the last registration, shift or sign-in."),
    )
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name_kana", "name"]

    def __str__(self):
        return self.name


class Consent(models.Model):
    """That a person agreed to a notice (the privacy notice, a volunteer agreement) for a
    purpose, and to which version of it."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="consents"
    )
    purpose = models.CharField(_("purpose"), max_length=50)
    notice_version = models.CharField(_("notice version"), max_length=100)
    given_at = models.DateTimeField(_("given"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]

    def __str__(self):
        return f"{self.purpose} ({self.notice_version})"


class AccessToken(models.Model):
    """A private link or calendar-feed token. Only a SHA-256 hash is stored: the token itself
    (256 bits from `secrets`) exists only in the mail or URL given to the person."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="access_tokens"
    )
    purpose = models.CharField(_("purpose"), max_length=50)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("access token")
        verbose_name_plural = _("access tokens")

    def __str__(self):
        return f"{self.purpose} #{self.pk}"
