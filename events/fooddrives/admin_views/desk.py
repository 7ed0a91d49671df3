"""The drop-off desk: receive a pledge (what came of each line), cancel one for someone who
called, record food that came without a pledge, hand food over, correct the stock. The services refuse what
would overshoot a target or hand over food that is not in stock."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events.fooddrives import queries, services
from events.fooddrives.admin_views.common import drive_for, form_view, next_url
from events.fooddrives.desk_forms import CorrectionForm
from events.fooddrives.forms import HandOverForm, IntakeForm, ReceiveForm
from events.fooddrives.models import Pledge


def receive(request, drive_id, pledge_id):
    """The person brought their food: record what came, line by line (0: not brought)."""
    drive = drive_for(request, drive_id, "fooddrives.change_pledge")
    pledge = get_object_or_404(queries.desk_pledges(drive), pk=pledge_id)

    def record(form):
        if pledge.status == Pledge.Status.RECEIVED:
            return None
        return services.receive_pledge(
            pledge,
            form.quantities(),
            staff_user=request.user,
            received_on=form.cleaned_data["received_on"],
        )

    def done(received):
        if received is None:
            messages.info(request, _("This pledge was already received; nothing changed."))
        elif received.status == Pledge.Status.RECEIVED:
            messages.success(
                request, _("The food of %(name)s is received.") % {"name": received.person.name}
            )
        else:
            messages.warning(
                request,
                _("Nothing was received: the pledge of %(name)s is marked as not brought.")
                % {"name": received.person.name},
            )

    return form_view(
        request,
        drive,
        ReceiveForm(request.POST or None, pledge=pledge),
        record=record,
        done=done,
        template="fooddrives/admin/receive.html",
        pledge=pledge,
    )


@require_POST
def cancel(request, drive_id, pledge_id):
    """The person called to say they will not bring it: their pledge frees its part of the
    target, and they get the same mail as when they cancel themselves."""
    drive = drive_for(request, drive_id, "fooddrives.change_pledge")
    pledge = get_object_or_404(Pledge.objects.select_related("person"), pk=pledge_id, drive=drive)
    try:
        services.cancel_pledge(pledge)
    except services.PledgeError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The pledge of %(name)s is cancelled.") % {"name": pledge.person.name}
        )
    return redirect(next_url(request, drive))


def record_intake(request, drive_id):
    drive = drive_for(request, drive_id, "fooddrives.change_pledge")
    form = IntakeForm(request.POST or None, drive=drive)

    def record(form):
        data = form.cleaned_data
        return services.record_intake(
            drive,
            item=form.items[data["item"]],
            quantity=data["quantity"],
            donor=data["donor"],
            received_on=data["received_on"],
            staff_user=request.user,
            submission_key=data["submission_key"],
        )

    def done(intake):
        messages.success(
            request,
            _("Recorded: %(quantity)s %(unit)s of “%(item)s” received.")
            % {"quantity": intake.quantity, "unit": intake.item.unit, "item": intake.item},
        )

    return form_view(
        request,
        drive,
        form,
        record=record,
        done=done,
        template="fooddrives/admin/form.html",
        title=_("Food received without a pledge"),
        submit=_("Record"),
    )


def hand_over(request, drive_id):
    drive = drive_for(request, drive_id, "fooddrives.change_pledge")
    form = HandOverForm(request.POST or None, drive=drive)

    def record(form):
        data = form.cleaned_data
        return services.distribute(
            drive,
            item=form.items[data["item"]],
            quantity=data["quantity"],
            recipient=data["recipient"],
            recipient_name=data["recipient_name"],
            distributed_on=data["distributed_on"],
            staff_user=request.user,
            submission_key=data["submission_key"],
        )

    def done(distribution):
        messages.success(
            request,
            _("Recorded: %(quantity)s %(unit)s of “%(item)s” handed over to %(recipient)s.")
            % {
                "quantity": distribution.quantity,
                "unit": distribution.item.unit,
                "item": distribution.item,
                "recipient": distribution.recipient_label,
            },
        )

    return form_view(
        request,
        drive,
        form,
        record=record,
        done=done,
        template="fooddrives/admin/form.html",
        title=_("Hand food over"),
        submit=_("Record the hand-over"),
    )


def correct_stock(request, drive_id):
    """A correction of one food's stock with its reason: a new entry in the history."""
    drive = drive_for(request, drive_id, "fooddrives.change_pledge")
    form = CorrectionForm(request.POST or None, drive=drive)

    def record(form):
        data = form.cleaned_data
        return services.correct_stock(
            drive,
            item=form.items[data["item"]],
            change=data["change"],
            reason=data["reason"],
            note=data["note"],
            corrected_on=data["corrected_on"],
            staff_user=request.user,
            submission_key=data["submission_key"],
        )

    def done(correction):
        messages.success(
            request,
            _("Recorded: the stock of “%(item)s” corrected by %(change)s %(unit)s.")
            % {
                "item": correction.item,
                "change": f"{correction.change:+d}",
                "unit": correction.item.unit,
            },
        )

    return form_view(
        request,
        drive,
        form,
        record=record,
        done=done,
        template="fooddrives/admin/form.html",
        title=_("Correct the stock"),
        submit=_("Record the correction"),
    )
