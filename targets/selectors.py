from django.utils import timezone

from targets.models import AssessmentYear


def current_year() -> AssessmentYear | None:
    """The year of today's date if it is set up, else the latest year before it, else the earliest there is."""
    today = timezone.localdate()
    years = list(AssessmentYear.objects.order_by("-year"))
    for year in years:
        if year.year <= today.year:
            return year
    return years[-1] if years else None
