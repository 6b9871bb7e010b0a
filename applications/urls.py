from django.urls import path

from applications import history_views, submission_views, views

urlpatterns = [
    path("", views.application_list, name="application-list"),
    path("calls/<int:call_pk>/start/", views.team_create, name="team-create"),
    path("teams/<int:pk>/", views.team_detail, name="team-detail"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("<int:pk>/", views.application_detail, name="application-detail"),
    path("<int:pk>/edit/", views.application_edit, name="application-edit"),
    path(
        "<int:pk>/budget-history/",
        history_views.application_budget_history,
        name="application-budget-history",
    ),
    path("<int:pk>/parts/<str:kind>/", views.part_add, name="application-part-add"),
    path(
        "<int:pk>/parts/<str:kind>/<int:part_pk>/delete/",
        views.part_remove,
        name="application-part-remove",
    ),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment-upload"),
    path("<int:pk>/submit/", submission_views.application_submit, name="application-submit"),
    path("<int:pk>/receipt/", submission_views.application_receipt, name="application-receipt"),
    path(
        "<int:pk>/receipt/pdf/",
        submission_views.application_receipt_pdf,
        name="application-receipt-pdf",
    ),
    path("<int:pk>/withdraw/", views.application_withdraw, name="application-withdraw"),
    path("<int:pk>/reopen/", views.application_reopen, name="application-reopen"),
    path("files/<int:pk>/", views.attachment_download, name="attachment-download"),
    path("files/<int:pk>/delete/", views.attachment_remove, name="attachment-remove"),
]
