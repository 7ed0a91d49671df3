"""The refusals of food drives: one vocabulary (a code, its parameters, a message in the
visitor's language) raised by the services and the pledge's state machine, and put next to
the right field by the forms. Here rather than in the services so that the models can raise
them too."""

from django.utils.translation import gettext_lazy as _

from cms.core.errors import Refusal


class PledgeError(Refusal):
    """Why a pledge or a record was refused, in words for the visitor or the staff member."""

    messages = {
        "cancelled": _("This food drive has been cancelled."),
        "closed": _("This food drive takes no more pledges."),
        "no_lines": _("Choose at least one kind of food and how much."),
        "wrong_item": _("Choose one of the kinds of food this drive asks for."),
        "duplicate_item": _("Each kind of food can be chosen once."),
        "bad_quantity": _("Give a quantity from 1 to %(max)s."),
        "target_reached": _(
            "Enough “%(item)s” has been pledged already: %(left)s %(unit)s more can be pledged."
        ),
        "over_limit": _(
            "“%(item)s”: at most %(most)s %(unit)s can be pledged at once. For more, please "
            "contact the secretariat."
        ),
        "wrong_point": _("Choose one of the drop-off points."),
        "day_outside": _("Choose a drop-off day from %(first)s to %(last)s."),
        "day_past": _("The drop-off day has passed. Choose today or a later day."),
        "point_closed": _(
            "“%(point)s” does not take food on %(weekday)s (%(date)s): it is open "
            "%(openings)s. Choose another day."
        ),
        "point_closed_date": _(
            "“%(point)s” is closed on %(date)s (%(weekday)s). Choose another day."
        ),
        "point_closed_today": _(
            "“%(point)s” has closed for today (at %(time)s). Choose a later day."
        ),
        "best_before": _(
            "“%(item)s”: the best-before date must be %(date)s or later (at least %(days)s "
            "days after the drop-off day)."
        ),
        "too_many": _(
            "Several pledges were made with this e-mail address in the last hour. Please try "
            "again later, or contact the secretariat."
        ),
        "not_allowed": _("This pledge cannot be changed any more."),
        "not_enough_stock": _(
            "Only %(stock)s %(unit)s of “%(item)s” is in stock: that much can be handed over."
        ),
        "no_recipient": _("Say who receives the food."),
        "bad_change": _("Give a change from -%(max)s to %(max)s, not 0."),
        "no_reason": _("Choose the reason for the correction."),
        "below_zero": _(
            "Only %(stock)s %(unit)s of “%(item)s” is in stock: a correction cannot make the "
            "stock less than 0."
        ),
        "nothing_received": _(
            "Nothing has been received of this pledge yet: the receipt can be downloaded once "
            "the food has been received."
        ),
        "no_addressee": _("Give the name to put on the receipt."),
    }


class IllegalTransition(PledgeError):
    """A change of a pledge's status that its state machine has no arrow for
    (`events.fooddrives.models.pledges.TRANSITIONS`): shown as "cannot be changed any more"."""

    def __init__(self, current, target):
        self.current = current
        self.target = target
        super().__init__("not_allowed")

    def __str__(self):
        return f"{super().__str__()} ({self.current} -> {self.target})"
