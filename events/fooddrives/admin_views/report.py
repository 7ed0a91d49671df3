"""Where the food drives' yearly table was: it is the "fooddrives" section of the yearly
report now (cms.reports, which says who may read it; the figures: events.fooddrives.yearly)."""

from cms.core.yearly import redirect_to_report


def yearly_report(request):
    return redirect_to_report(request, "fooddrives")
