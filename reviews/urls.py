from django.urls import path

from reviews import gate_views, objection_views, views

app_name = "reviews"
urlpatterns = [
    path("", views.my_reviews, name="my-reviews"),
    path("<int:pk>/", views.review_score, name="review-score"),
    path("<int:pk>/autosave/", views.review_autosave, name="review-autosave"),
    path(
        "<int:pk>/documents/<int:attachment_pk>/",
        views.review_document,
        name="review-document",
    ),
    path("<int:pk>/submit/", views.review_submit, name="review-submit"),
    path("<int:pk>/conflict/", views.review_conflict, name="review-conflict"),
    path("<int:pk>/reopen/", views.review_reopen, name="review-reopen"),
    path("panels/", views.panel_list, name="panel-list"),
    path("panels/new/", views.panel_create, name="panel-create"),
    path("panels/<int:pk>/", views.panel_detail, name="panel-detail"),
    path("panels/<int:pk>/edit/", views.panel_edit, name="panel-edit"),
    path("panels/<int:pk>/pledge/", views.pledge, name="pledge"),
    path("panels/<int:pk>/invite/", views.panel_invite, name="panel-invite"),
    path("panels/<int:pk>/assign/", views.panel_assign, name="panel-assign"),
    path("panels/<int:pk>/ranking/", views.panel_ranking, name="panel-ranking"),
    path("panels/<int:pk>/gate-results/", gate_views.gate_results, name="gate-results"),
    path("panels/<int:pk>/decide/", views.panel_decide, name="panel-decide"),
    path("panels/<int:pk>/publish/", views.panel_publish, name="panel-publish"),
    path("panels/<int:pk>/revoke/", views.panel_revoke, name="panel-revoke"),
    path(
        "panels/<int:pk>/knockouts/<int:application_pk>/",
        views.panel_knockout,
        name="panel-knockout",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("results/<int:application_pk>/", views.results, name="results"),
    path("objections/", objection_views.objection_list, name="objection-list"),
    path(
        "objections/new/<int:decision_pk>/", objection_views.objection_file, name="objection-file"
    ),
    path("objections/<int:pk>/", objection_views.objection_detail, name="objection-detail"),
    path("objections/<int:pk>/decide/", objection_views.objection_decide, name="objection-decide"),
    path("objections/<int:pk>/reopen/", objection_views.objection_reopen, name="objection-reopen"),
    path(
        "objections/<int:pk>/files/<int:file_pk>/",
        objection_views.objection_attachment,
        name="objection-attachment",
    ),
]
