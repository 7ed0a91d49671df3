from cms.core import outbox
from cms.people import erasure


def purge_expired_people():
    """Daily (schedule people.purge_expired): erase personal data past its retention period."""
    return erasure.purge_expired_people()


def deliver_qualification_mail(mail_id):
    return outbox.deliver_row("people.QualificationMail", mail_id)


def deliver_erasure_mail(mail_id):
    """Deliver it; a confirmation's address goes as soon as it is sent (or given up)."""
    outcome = outbox.deliver_row("people.ErasureMail", mail_id)
    erasure.forget_confirmation_addresses()
    return outcome


def deliver_my_page_mail(mail_id):
    return outbox.deliver_row("people.MyPageMail", mail_id)
