from django.urls import path

from programmes import views

urlpatterns = [
    path("", views.home, name="home"),
    path("programmes/", views.programme_list, name="programme-list"),
    path("programmes/new/", views.programme_create, name="programme-create"),
    path("programmes/<slug:code>/", views.programme_detail, name="programme-detail"),
    path("programmes/<slug:code>/edit/", views.programme_edit, name="programme-edit"),
    path("calls/new/", views.call_create, name="call-create"),
    path("calls/<int:pk>/", views.call_detail, name="call-detail"),
    path("calls/<int:pk>/edit/", views.call_edit, name="call-edit"),
]
