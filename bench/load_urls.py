"""The app's URLs plus the floor every page stands on, for the load run (bench/load.sh).

`/load/bare/` does what any logged-in page must do (read the session and the user) and no
more: the scoring autosave is measured against it.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns


@login_required
def bare(request):
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")


urlpatterns = [path("load/bare/", bare), *app_urlpatterns]
