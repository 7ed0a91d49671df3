"""The events app's models, by topic. Importing every submodule here is what registers its
models with the app, and keeps `from events.models import X` working for each of them."""

from events.models.calendars import CalendarSource, ImportedEvent
from events.models.feedback import Feedback, FeedbackRequest
from events.models.meetings import ActionItem, MeetingInvitation, MeetingMaterial
from events.models.messages import Announcement, Message
from events.models.pages import (
    MAX_COMPANIONS,
    EventIndexPage,
    EventPage,
    EventPageForm,
    ProgrammeSlotBlock,
    SpeakerBlock,
    not_over,
)
from events.models.quotas import Question, Quota
from events.models.registration import (
    CHECK_IN_ALPHABET,
    CHECK_IN_LENGTH,
    Registration,
    new_check_in_code,
)
from events.models.sessions import EventSession, SessionSchedule
from events.models.tracks import SessionTrack, TrackChoice

__all__ = [
    "CHECK_IN_ALPHABET",
    "CHECK_IN_LENGTH",
    "MAX_COMPANIONS",
    "ActionItem",
    "Announcement",
    "CalendarSource",
    "EventIndexPage",
    "EventPage",
    "EventPageForm",
    "EventSession",
    "Feedback",
    "FeedbackRequest",
    "ImportedEvent",
    "MeetingInvitation",
    "MeetingMaterial",
    "Message",
    "ProgrammeSlotBlock",
    "Question",
    "Quota",
    "Registration",
    "SessionSchedule",
    "SessionTrack",
    "SpeakerBlock",
    "TrackChoice",
    "new_check_in_code",
    "not_over",
]
