"""The app's URLs plus the floor every page stands on, for the load run (bench/load.sh).

`/load/bare/` does what any logged-in page must do (read the session and the user) and no
more: the scoring autosave is measured against it. `/load/layout/` renders the site's layout
around an empty page: the floor of every page with the navigation (a reference, not a bar).
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns


@login_required
def bare(request):
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")


@login_required
def layout(request):
    return render(request, "base.html")


urlpatterns = [path("load/bare/", bare), path("load/layout/", layout), *app_urlpatterns]
