from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .selectors import home_overview


@login_required
def home(request):
    """Each persona's starting points: profile, criteria set, units and offices it covers."""
    return render(request, "home/home.html", {"overview": home_overview(request.user)})
