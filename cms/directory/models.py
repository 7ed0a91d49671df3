"""Every model of the directory, one sub-package per topic: member organisations (`members`),
ibasho (`ibasho`) and consultation windows (`windows`). Django imports this module to register
the app's models, and the rest of the project may import any of them from here."""

from cms.directory.ibasho.index_page import IbashoIndexPage
from cms.directory.ibasho.models import (
    IbashoCancelledDate,
    IbashoExtraDate,
    IbashoPage,
    IbashoScheduleRule,
)
from cms.directory.members.applications import DecisionMail, MembershipApplication
from cms.directory.members.index_page import MemberOrganisationIndexPage
from cms.directory.members.models import (
    MemberOrganisationPage,
    Membership,
    MembershipTier,
    ProfileConfirmationRequest,
)
from cms.directory.windows.models import ConsultationWindow, OpeningHours

__all__ = [
    "ConsultationWindow",
    "DecisionMail",
    "IbashoCancelledDate",
    "IbashoExtraDate",
    "IbashoIndexPage",
    "IbashoPage",
    "IbashoScheduleRule",
    "MemberOrganisationIndexPage",
    "MemberOrganisationPage",
    "Membership",
    "MembershipApplication",
    "MembershipTier",
    "OpeningHours",
    "ProfileConfirmationRequest",
]
