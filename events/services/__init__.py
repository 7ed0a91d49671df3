"""Every change to events' registrations, meetings, questionnaires and schedules, by
sub-domain. Callers use this package's names (`from events import services;
services.register(...)`); importing it also registers what the retention of personal data asks
of events (`retention`)."""

from events.services.feedback import (
    FEEDBACK_DELAY,
    FEEDBACK_UNTIL,
    FeedbackError,
    queue_feedback_requests,
    record_feedback,
)
from events.services.meetings import (
    MEMBERS_COLLECTION,
    invite_members,
    members_collection,
    protect_meeting,
)
from events.services.messages import (
    message_registrants,
    notify_status_change,
    queue_due_reminders,
)
from events.services.publishing import after_publish
from events.services.registration import (
    CONSENT_PURPOSE,
    MAX_COMPANIONS,
    RegistrationError,
    accept_offer,
    cancel_event_registrations,
    cancel_registration,
    change_companions,
    change_tracks,
    check_in,
    check_in_by_code,
    decline_offer,
    leave_waitlist,
    parse_check_in_code,
    promote_waitlist,
    quota_for,
    register,
    register_many,
    register_walk_in,
    set_quota_capacity,
)
from events.services.retention import erase_what_registrations_say
from events.services.schedule import record_schedule_changes

__all__ = [
    "CONSENT_PURPOSE",
    "FEEDBACK_DELAY",
    "FEEDBACK_UNTIL",
    "MAX_COMPANIONS",
    "MEMBERS_COLLECTION",
    "FeedbackError",
    "RegistrationError",
    "accept_offer",
    "after_publish",
    "cancel_event_registrations",
    "cancel_registration",
    "change_companions",
    "change_tracks",
    "check_in",
    "check_in_by_code",
    "decline_offer",
    "erase_what_registrations_say",
    "invite_members",
    "leave_waitlist",
    "members_collection",
    "message_registrants",
    "notify_status_change",
    "parse_check_in_code",
    "promote_waitlist",
    "protect_meeting",
    "queue_due_reminders",
    "queue_feedback_requests",
    "quota_for",
    "record_feedback",
    "record_schedule_changes",
    "register",
    "register_many",
    "register_walk_in",
    "set_quota_capacity",
]
