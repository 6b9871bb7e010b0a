import pytest
from rest_framework.authtoken.models import Token

from allocations import services
from allocations.models import LedgerEntry, UsageRecord
from tests.allocations.conftest import Q1, make_operator
from tests.awards.factories import AwardFactory
from tests.factories import TeamMemberFactory


def batch(team, n=3, start=1):
    return [
        {
            "external_id": f"job-{i}", "award": team.number, "gpu_type": "B200",
            "period_start": f"2026-01-{i:02d}T00:00:00+09:00",
            "period_end": f"2026-01-{i:02d}T12:00:00+09:00", "gpu_seconds": 43_200,
        }
        for i in range(start, start + n)
    ]  # fmt: skip


@pytest.fixture
def funded(pool, award, officer):
    services.grant_gpu_time(
        award=award, pool=pool, quarter=Q1, gpu_type="B200", gpu_count=10, by=officer
    )
    return award


def as_token(api_client, user):
    token, _ = Token.objects.get_or_create(user=user)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return api_client


def test_an_operator_pushes_a_batch_with_its_token_and_a_repeat_counts_once(
    api_client, operator, funded
):
    client = as_token(api_client, operator.user)
    body = {"pool": "national", "records": [*batch(funded), {"external_id": "x"}]}
    first = client.post("/api/v1/usage/", body, format="json")
    assert first.status_code == 200
    assert [first.json()[k] for k in ("accepted", "duplicate", "rejected")] == [3, 0, 1]
    assert first.json()["rows"][3]["outcome"] == "rejected"
    assert "award" in first.json()["rows"][3]["errors"]
    again = client.post("/api/v1/usage/", body, format="json")
    assert [again.json()[k] for k in ("accepted", "duplicate", "rejected")] == [0, 3, 1]
    assert UsageRecord.objects.count() == 3
    listed = client.get("/api/v1/usage/?gpu_type=B200")
    assert listed.json()["count"] == 3


def test_another_pools_operator_gets_403_and_writes_nothing(
    api_client, operator, other_pool, funded
):
    stranger = make_operator(other_pool, code="npu-ops")
    response = as_token(api_client, stranger.user).post(
        "/api/v1/usage/", {"pool": "national", "records": batch(funded)}, format="json"
    )
    assert response.status_code == 403
    # Without naming the pool, its rows land nowhere: the award holds no time in its pool.
    response = api_client.post("/api/v1/usage/", {"records": batch(funded)}, format="json")
    assert response.json()["rejected"] == 3
    assert UsageRecord.objects.count() == 0


def test_officers_and_auditors_push_no_usage_and_auditors_write_no_ledger(
    api_client, officer, auditor, funded
):
    for user in (officer, auditor):
        api_client.force_authenticate(user)
        response = api_client.post("/api/v1/usage/", {"records": batch(funded)}, format="json")
        assert response.status_code == 403
    api_client.force_authenticate(auditor)
    grant = {"kind": "grant", "pool": "national", "award": funded.number, "year": 2026,
             "quarter": 1, "gpu_type": "B200", "gpu_count": 1}  # fmt: skip
    assert api_client.post("/api/v1/allocations/", grant, format="json").status_code == 403
    assert api_client.get("/api/v1/allocations/").json()["count"] == 1
    assert LedgerEntry.objects.count() == 1


def test_an_officer_grants_over_the_api_and_an_over_commit_is_a_400_naming_the_shortfall(
    api_client, officer, funded, other_award
):
    api_client.force_authenticate(officer)
    grant = {"kind": "grant", "pool": "national", "award": other_award.number, "year": 2026,
             "quarter": 1, "gpu_type": "B200", "gpu_count": 90}  # fmt: skip
    assert api_client.post("/api/v1/allocations/", grant, format="json").status_code == 201
    response = api_client.post("/api/v1/allocations/", {**grant, "gpu_count": 5}, format="json")
    assert response.status_code == 400
    assert "2026년 1분기" in response.json()["gpu_seconds"][0]
    bad = api_client.post("/api/v1/allocations/", {**grant, "quarter": 5}, format="json")
    assert bad.status_code == 400 and "quarter" in bad.json()


def test_a_team_sees_only_its_own_ledger_and_usage(api_client, operator, funded, pool, officer):
    bait = AwardFactory()
    services.grant_gpu_time(
        award=bait, pool=pool, quarter=Q1, gpu_type="B200", gpu_count=1, by=officer
    )
    member = TeamMemberFactory(team=funded.application.team).user
    as_token(api_client, operator.user).post(
        "/api/v1/usage/", {"records": batch(funded) + batch(bait, start=10)}, format="json"
    )
    api_client.credentials()
    api_client.force_authenticate(member)
    assert [e["award"] for e in api_client.get("/api/v1/allocations/").json()["results"]] == [
        funded.number
    ]
    assert {r["award"] for r in api_client.get("/api/v1/usage/").json()["results"]} == {
        funded.number
    }
    assert api_client.get("/api/v1/gpu-pool/").json()["count"] == 0


def test_the_pool_api_reports_capacity_per_quarter_and_type(api_client, auditor, funded):
    api_client.force_authenticate(auditor)
    pool = api_client.get("/api/v1/gpu-pool/national/").json()
    row = next(r for r in pool["quarters"] if r["quarter"] == "2026 Q1" and r["gpu_type"] == "B200")
    assert row["capacity_seconds"] == 100 * 90 * 86_400
    assert row["committed_seconds"] == 10 * 90 * 86_400


@pytest.mark.parametrize("rows", [1, 30])
def test_the_api_lists_run_a_constant_number_of_queries(
    api_client, auditor, pool, officer, rows, django_assert_num_queries
):
    for _ in range(rows):
        services.grant_gpu_time(
            award=AwardFactory(), pool=pool, quarter=Q1, gpu_type="B200", gpu_count=1, by=officer
        )
    api_client.force_authenticate(auditor)
    with django_assert_num_queries(3):
        assert api_client.get("/api/v1/allocations/").json()["count"] == rows
    with django_assert_num_queries(6):
        api_client.get("/api/v1/gpu-pool/")
