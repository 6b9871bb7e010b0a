import io

import pytest

from allocations import data_and_staff, services
from allocations.models import UsageRecord
from tests.allocations.conftest import Q1
from tests.applications.factories import pdf_bytes, pdf_upload
from tests.awards.factories import AwardFactory
from tests.factories import TeamMemberFactory


def fund(pool, officer, teams, count=1):
    for team in teams:
        services.grant_gpu_time(
            award=team, pool=pool, quarter=Q1, gpu_type="B200", gpu_count=count, by=officer
        )


@pytest.mark.parametrize("teams", [1, 50])
def test_pool_and_utilisation_pages_run_the_same_queries_for_1_and_50_teams(
    client, pool, officer, operator, teams, django_assert_num_queries
):
    awards = [AwardFactory() for _ in range(teams)]
    fund(pool, officer, awards)
    from allocations.ingest import ingest_usage

    ingest_usage(operator, [
        {"external_id": f"u{a.pk}", "award": a.number, "gpu_type": "B200",
         "period_start": "2026-01-05T00:00:00+09:00", "period_end": "2026-01-06T00:00:00+09:00",
         "gpu_seconds": 86_400}
        for a in awards
    ])  # fmt: skip
    client.force_login(officer)
    with django_assert_num_queries(10):
        response = client.get("/allocations/")
    assert response.status_code == 200
    with django_assert_num_queries(12):
        response = client.get("/allocations/utilisation/")
    assert response.status_code == 200
    assert response.content.decode().count('class="num heat-') == teams


def test_the_pool_page_shows_capacity_and_exports(client, pool, officer, award):
    fund(pool, officer, [award], count=10)
    client.force_login(officer)
    page = client.get("/allocations/").content.decode()
    assert "216,000" in page  # 100 B200 × 90 days × 24 h
    assert 'id="pool-chart-data"' in page
    export = client.get("/allocations/?format=csv")
    assert export["Content-Type"].startswith("text/csv")
    assert "2026 Q1,B200,216000,21600," in export.content.decode()
    assert client.get("/allocations/utilisation/?format=xlsx").status_code == 200


def test_pool_pages_are_not_for_applicants(client, pool, applicant):
    client.force_login(applicant)
    assert client.get("/allocations/").status_code == 404
    assert client.get("/allocations/utilisation/").status_code == 404


def test_an_officer_grants_on_the_award_page_and_an_over_commit_shows_the_shortfall(
    client, pool, officer, award
):
    client.force_login(officer)
    form = {"operation": "grant", "quarter": "2026Q1", "gpu_type": "B200", "gpu_count": 80}
    response = client.post(f"/allocations/awards/{award.pk}/ledger/", form)
    assert response.status_code == 302
    response = client.post(f"/allocations/awards/{award.pk}/ledger/", {**form, "gpu_count": 30})
    assert response.status_code == 400
    assert "2026년 1분기" in response.content.decode()
    bad = client.post(f"/allocations/awards/{award.pk}/ledger/", {**form, "gpu_count": -1})
    assert bad.status_code == 400
    assert services.balances(award, pool, Q1, "B200")[0] == 80 * 90 * 86_400


def test_a_team_reads_its_allocations_but_not_anothers_and_cannot_write(
    client, pool, officer, award, other_award
):
    member = TeamMemberFactory(team=award.application.team).user
    client.force_login(member)
    assert client.get(f"/allocations/awards/{award.pk}/").status_code == 200
    assert client.get(f"/allocations/awards/{other_award.pk}/").status_code == 404
    form = {"operation": "grant", "quarter": "2026Q1", "gpu_type": "B200", "gpu_count": 1}
    assert client.post(f"/allocations/awards/{award.pk}/ledger/", form).status_code == 403


def test_the_agreement_is_served_only_through_the_checked_view(
    client, award, other_award, officer, settings
):
    grant = data_and_staff.grant_data(
        award=award, name_ko="공공 말뭉치", supplier="한국데이터원", licence_terms="연구 목적",
        volume="2.4 TB", access_from=Q1.first_day, access_until=Q1.last_day, by=officer,
    )  # fmt: skip
    data_and_staff.attach_agreement(grant, uploaded_file=pdf_upload("3자협약.pdf"), by=officer)
    grant.refresh_from_db()
    assert grant.agreement.name.startswith(f"allocations/agreements/{award.pk}/")
    member = TeamMemberFactory(team=award.application.team).user
    outsider = TeamMemberFactory(team=other_award.application.team).user
    client.force_login(outsider)
    assert client.get(f"/allocations/data-grants/{grant.pk}/agreement/").status_code == 404
    client.force_login(member)
    response = client.get(f"/allocations/data-grants/{grant.pk}/agreement/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert client.get(f"/private-files/{grant.agreement.name}").status_code == 404


def test_the_csv_upload_keeps_good_rows_and_reports_bad_ones(
    client, pool, officer, operator, award
):
    fund(pool, officer, [award])
    csv_text = (
        "external_id,award,gpu_type,period_start,period_end,gpu_seconds\n"
        f"a1,{award.number},B200,2026-01-02T00:00:00+09:00,2026-01-03T00:00:00+09:00,86400\n"
        f"a2,{award.number},B200,2026-01-02T00:00:00+09:00,2026-01-03T00:00:00+09:00,lots\n"
        f"a3,{award.number},B200,2026-01-02T00:00:00+09:00,2026-01-03T00:00:00+09:00,3600\n"
    )
    client.force_login(officer)

    def upload():
        document = io.BytesIO(csv_text.encode())
        document.name = "usage.csv"
        return client.post(
            "/allocations/usage/upload/", {"operator": operator.pk, "file": document}
        )

    page = upload().content.decode()
    assert "<strong>2</strong>" in page and "gpu_seconds" in page
    assert sorted(UsageRecord.objects.values_list("external_id", flat=True)) == ["a1", "a3"]
    again = upload().content.decode()
    assert "<strong>0</strong> 수락" in again or "<strong>0</strong> accepted" in again
    assert UsageRecord.objects.count() == 2


def test_the_usage_upload_is_for_officers_and_operators_only(client, auditor, operator):
    client.force_login(auditor)
    assert client.get("/allocations/usage/upload/").status_code == 403
    client.force_login(operator.user)
    assert client.get("/allocations/usage/upload/").status_code == 200


def test_an_officer_closes_a_quarter_from_the_pool_page(client, pool, officer, award):
    fund(pool, officer, [award])
    client.force_login(officer)
    response = client.post("/allocations/close-quarter/", {"pool": "national", "quarter": "2026Q1"})
    assert response.status_code == 302
    assert pool.closures.filter(year=2026, quarter=1).exists()


def test_an_officer_records_a_data_grant_with_its_agreement_and_moves_it_on(client, officer, award):
    client.force_login(officer)
    form = {
        "name_ko": "방송 자막 말뭉치", "supplier": "누리데이터랩", "licence_terms": "연구 목적",
        "volume": "800 GB", "value": 1_000_000_000, "access_from": "2026-01-01",
        "access_until": "2027-12-31", "agreement": pdf_upload("3자협약.pdf"),
    }  # fmt: skip
    assert client.post(f"/allocations/awards/{award.pk}/data-grants/", form).status_code == 302
    grant = award.data_grants.get()
    assert grant.agreement and grant.status == "requested"
    backwards = {**form, "access_until": "2025-12-31", "agreement": pdf_upload()}
    refused = client.post(f"/allocations/awards/{award.pk}/data-grants/", backwards)
    assert refused.status_code == 400 and award.data_grants.count() == 1
    for status in ("agreed", "provided"):
        client.post(f"/allocations/data-grants/{grant.pk}/status/", {"status": status})
    grant.refresh_from_db()
    assert grant.status == "provided"
    assert [h.status for h in grant.history.order_by("history_id")] == [
        "requested", "requested", "agreed", "provided",
    ]  # fmt: skip


def test_an_officer_funds_a_post_and_a_team_member_cannot(client, officer, award):
    post = {"role": "engineer", "fte": "0.5", "months": 12, "starts_on": "2026-01-01"}
    member = TeamMemberFactory(team=award.application.team).user
    client.force_login(member)
    assert client.post(f"/allocations/awards/{award.pk}/staff/", post).status_code == 403
    client.force_login(officer)
    assert client.post(f"/allocations/awards/{award.pk}/staff/", post).status_code == 302
    assert award.staff.get().fte_hundredths == 50
    bad = client.post(f"/allocations/awards/{award.pk}/staff/", {**post, "fte": "1.5"})
    assert bad.status_code == 400 and award.staff.count() == 1
