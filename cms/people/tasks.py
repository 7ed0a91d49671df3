from cms.core import outbox
from cms.people import services


def purge_expired_people():
    """Daily (schedule people.purge_expired): erase personal data past its retention period."""
    return services.purge_expired_people()


def deliver_qualification_mail(mail_id):
    return outbox.deliver_row("people.QualificationMail", mail_id)
