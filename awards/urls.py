from django.urls import path

from awards import dashboard_views, report_views, tranche_views, views

app_name = "awards"
urlpatterns = [
    path("", views.award_list, name="award-list"),
    path("dashboard/", dashboard_views.dashboard_page, name="dashboard"),
    path("new/<int:application_pk>/", views.award_create, name="award-create"),
    path("<int:pk>/", views.award_detail, name="award-detail"),
    path("<int:pk>/funding/", views.award_funding, name="award-funding"),
    path("<int:pk>/accept/", views.award_accept, name="award-accept"),
    path("<int:pk>/amend/", views.award_amend, name="award-amend"),
    path("<int:pk>/terminate/", views.award_terminate, name="award-terminate"),
    path("<int:pk>/timeline/", views.award_timeline, name="award-timeline"),
    path("<int:pk>/tranches/new/", tranche_views.tranche_create, name="tranche-create"),
    path("<int:pk>/cash-share/", tranche_views.cash_share_create, name="cash-share-create"),
    path("<int:pk>/carry-over/", tranche_views.carry_over_create, name="carry-over-create"),
    path("<int:pk>/reports/new/", report_views.report_schedule, name="report-schedule"),
    path(
        "<int:pk>/phases/<int:phase_number>/settlement/",
        tranche_views.settlement_edit,
        name="settlement-edit",
    ),
    path("tranches/", tranche_views.tranche_list, name="tranche-list"),
    path("tranches/<int:pk>/", tranche_views.tranche_detail, name="tranche-detail"),
    path("tranches/<int:pk>/request/", tranche_views.tranche_request, name="tranche-request"),
    path("tranches/<int:pk>/approve/", tranche_views.tranche_approve, name="tranche-approve"),
    path("tranches/<int:pk>/pay/", tranche_views.tranche_pay, name="tranche-pay"),
    path("tranches/<int:pk>/cancel/", tranche_views.tranche_cancel, name="tranche-cancel"),
    path("carry-overs/<int:pk>/decide/", tranche_views.carry_over_decide, name="carry-over-decide"),
    path("settlement/<int:pk>/recovery/", tranche_views.recovery_create, name="recovery-create"),
    path("reports/", report_views.report_list, name="report-list"),
    path("reports/<int:pk>/", report_views.report_detail, name="report-detail"),
    path("reports/<int:pk>/judge/", report_views.report_judge, name="report-judge"),
]
