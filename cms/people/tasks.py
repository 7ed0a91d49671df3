from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from cms.core import outbox
from cms.core.platform import platform_name
from cms.people import services
from cms.people.models import QualificationMail


def purge_expired_people():
    """Daily (schedule people.purge_expired): erase personal data past its retention period."""
    return services.purge_expired_people()


def render_qualification_mail(mail):
    person = mail.grant.person
    if not person.email or person.erased_at:
        raise outbox.Skip("no address")
    with translation.override(person.language):
        site_name = platform_name()
        body = render_to_string(
            "people/mail/contact_link.txt",
            {
                "person": person,
                "qualification": mail.grant.qualification.localized,
                "link": services.contact_link(person, person.language),
                "days": services.CONTACT_LINK_FOR.days,
                "site_name": site_name,
            },
        )
        subject = gettext("Volunteer roles: may we contact you?")
    return EmailMessage(f"{subject} | {site_name}", body, to=[person.email])


def deliver_qualification_mail(mail_id):
    mails = QualificationMail.objects.select_related("grant__person", "grant__qualification")
    return outbox.deliver(mails, mail_id, render_qualification_mail)
