"""Publishing a food drive with `cancelled_at` set calls off every open pledge and tells each
person (the services do it once: pledges already cancelled are left alone)."""

from wagtail.signals import page_published

from events.fooddrives.models import FoodDrivePage


def cancel_pledges_after_publish(sender, instance, **kwargs):
    from events.fooddrives.services import cancel_drive_pledges

    if instance.cancelled_at:
        cancel_drive_pledges(instance)


def connect():
    page_published.connect(cancel_pledges_after_publish, sender=FoodDrivePage)
