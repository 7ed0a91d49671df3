"""Exports of a drive, as CSV or Excel: its pledges (names and phones: each export logged) and
its food in and out (amounts and organisations only)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.core.exports import export_response, logged_export
from events.fooddrives import queries
from events.fooddrives.admin_views.common import drive_for

PLEDGE_COLUMNS = [
    (gettext_lazy("Status"), lambda p: p.get_status_display()),
    (gettext_lazy("Name"), lambda p: p.person.name),
    (gettext_lazy("Name in kana"), lambda p: p.person.name_kana),
    (gettext_lazy("Phone"), lambda p: p.person.phone),
    (gettext_lazy("E-mail"), lambda p: p.person.email),
    (gettext_lazy("Drop-off point"), lambda p: p.point.name),
    (gettext_lazy("Drop-off day"), lambda p: p.drop_off_on),
    (gettext_lazy("Date of the pledge"), lambda p: p.created_at),
    (gettext_lazy("Taken by staff"), lambda p: p.created_by_id is not None),
]


def pledge_export(request, drive_id, file_format):
    """The pledges, one column per wanted item, as CSV or Excel. Each export is logged:
    names and phone numbers leave the system."""
    drive = drive_for(request, drive_id)
    items = list(drive.items.all())
    rows = []
    for pledge in queries.drive_pledges(drive):
        lines = {line.item_id: line for line in pledge.lines.all()}
        row = [get(pledge) for _label, get in PLEDGE_COLUMNS]
        row += [lines[item.pk].quantity if item.pk in lines else None for item in items]
        row.append(
            "、".join(
                f"{line.item.name} {line.best_before.isoformat()}"
                for line in lines.values()
                if line.best_before
            )
        )
        rows.append(row)
    logged_export(request, "pledges", drive, len(rows), file_format)
    header = [label for label, _get in PLEDGE_COLUMNS]
    header += [f"{item.name} ({item.unit})" for item in items]
    header.append(_("Best before"))
    return export_response(header, rows, f"pledges-{drive.pk}", file_format, title=drive.title)


def stock_export(request, drive_id, file_format):
    """Food in and out and the stock's corrections, line by line: amounts and organisations
    only, no person's name (a pledge's intake says "pledge"), so the export is not logged."""
    drive = drive_for(request, drive_id)
    header = [
        _("Date"),
        _("Movement"),
        _("Food"),
        _("Quantity"),
        _("Unit"),
        _("From or to"),
    ]
    rows = [
        (
            intake.received_on,
            _("Came in"),
            intake.item.name,
            intake.quantity,
            intake.item.unit,
            _("Pledge") if intake.pledge_id else intake.donor,
        )
        for intake in queries.intakes(drive)
    ]
    rows += [
        (
            distribution.distributed_on,
            _("Went out"),
            distribution.item.name,
            distribution.quantity,
            distribution.item.unit,
            distribution.recipient_label,
        )
        for distribution in queries.distributions(drive)
    ]
    rows += [
        (
            correction.corrected_on,
            _("Correction: %(reason)s") % {"reason": correction.get_reason_display()},
            correction.item.name,
            correction.change,
            correction.item.unit,
            correction.note,
        )
        for correction in queries.corrections(drive)
    ]
    rows.sort(key=lambda row: row[0])
    return export_response(header, rows, f"food-{drive.pk}", file_format, title=drive.title)
