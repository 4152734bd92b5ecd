from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from targets.selectors import current_year


@login_required
def home(request):
    """Each role's landing page; the apps add their panels as they grow."""
    year = current_year()
    return render(request, "core/home.html", {"year": year})
