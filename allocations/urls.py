from django.urls import path

from allocations import award_views, views

app_name = "allocations"
urlpatterns = [
    path("", views.pool_view, name="pool"),
    path("close-quarter/", views.close_quarter, name="close-quarter"),
    path("utilisation/", views.utilisation_view, name="utilisation"),
    path("awards/<int:pk>/", award_views.award_allocations, name="award"),
    path("awards/<int:pk>/ledger/", award_views.award_ledger, name="award-ledger"),
    path("awards/<int:pk>/data-grants/", award_views.award_data_grant, name="award-data-grant"),
    path("awards/<int:pk>/staff/", award_views.award_staff, name="award-staff"),
    path("data-grants/<int:pk>/status/", award_views.data_grant_status, name="data-grant-status"),
    path("data-grants/<int:pk>/agreement/", award_views.agreement_download, name="agreement"),
    path("usage/upload/", award_views.usage_upload, name="usage-upload"),
]
