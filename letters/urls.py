from django.urls import path

from letters import views

app_name = "letters"
urlpatterns = [
    path("awards/<int:award_pk>/", views.award_letters, name="award-letters"),
    path("awards/<int:award_pk>/issue/", views.issue, name="issue"),
    path("<int:pk>/pdf/", views.download, name="download"),
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
    path("calls/<int:call_pk>/batch/", views.batch_start, name="batch-start"),
    path("batches/<int:pk>/", views.batch_detail, name="batch-detail"),
    path("batches/<int:pk>/progress/", views.batch_progress, name="batch-progress"),
]

# Mounted at the site root as /verify/<code>/ (config/urls.py): the address printed on letters.
verify_urlpatterns = [path("<str:code>/", views.verify, name="letter-verify")]
