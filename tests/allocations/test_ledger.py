import datetime

import pytest
from django.db.models import Sum

from allocations import services
from allocations.enums import EntryKind
from allocations.models import EquivalenceFactor, LedgerEntry
from allocations.services import AllocationRefused
from programmes.quarters import Quarter
from tests.allocations.conftest import DAY, Q1

FULL = 90 * DAY  # one GPU for all of 2026 Q1


def grant(award, pool, officer, count, gpu_type="B200", quarter=Q1, **kw):
    return services.grant_gpu_time(
        award=award, pool=pool, quarter=quarter, gpu_type=gpu_type, gpu_count=count, by=officer,
        **kw,
    )  # fmt: skip


def test_a_grant_within_capacity_is_one_ledger_entry_of_whole_quarter_seconds(pool, award, officer):
    entry = grant(award, pool, officer, 60)
    assert (entry.kind, entry.gpu_seconds, entry.gpu_count) == ("grant", 60 * FULL, 60)
    assert services.balances(award, pool, Q1, "B200") == (60 * FULL, 0, 60 * FULL)


def test_an_over_commit_is_refused_naming_quarter_type_and_shortfall(
    pool, award, other_award, officer
):
    grant(award, pool, officer, 60)
    with pytest.raises(AllocationRefused) as refused:
        grant(other_award, pool, officer, 41)
    message = refused.value.errors["gpu_seconds"][0]
    assert "2026년 1분기" in message
    assert "B200" in message
    assert "2,160 GPU-시간 부족" in message  # one GPU × 90 days × 24 h
    assert LedgerEntry.objects.filter(award=other_award).count() == 0
    grant(other_award, pool, officer, 40)  # exactly the capacity is allowed


def test_the_maintenance_share_is_not_allocatable(pool, award, officer):
    with pytest.raises(AllocationRefused):
        grant(award, pool, officer, 10, gpu_type="H100")
    assert grant(award, pool, officer, 9, gpu_type="H100").gpu_seconds == 9 * FULL


def test_a_type_the_pool_lacks_has_no_capacity(pool, award, officer):
    with pytest.raises(AllocationRefused, match="H200"):
        grant(award, pool, officer, 1, gpu_type="H200")


def test_bad_amounts_are_refused_on_their_field(pool, award, officer):
    for count in [0, -3, True, "5"]:
        with pytest.raises(AllocationRefused) as refused:
            grant(award, pool, officer, count)
        assert list(refused.value.errors) == ["gpu_count"]
    with pytest.raises(AllocationRefused) as refused:
        services.grant_gpu_time(
            award=award, pool=pool, quarter=Q1, gpu_type="B200", gpu_seconds=10**16, by=officer
        )
    assert list(refused.value.errors) == ["gpu_seconds"]


def test_ledger_sums_equal_the_balances_after_every_kind_of_change(
    pool, award, other_award, officer
):
    grant(award, pool, officer, 50)
    grant(award, pool, officer, 10, supplement=True)
    services.reclaim_gpu_time(
        award=award, pool=pool, quarter=Q1, gpu_type="B200", gpu_seconds=5 * FULL, by=officer
    )
    services.transfer_gpu_time(
        from_award=award, to_award=other_award, pool=pool, quarter=Q1, from_type="B200",
        to_type="B200", gpu_seconds=15 * FULL, by=officer,
    )  # fmt: skip
    services.release_gpu_time(
        award=award, pool=pool, quarter=Q1, gpu_type="B200", gpu_seconds=20 * FULL, by=officer
    )
    awarded, released, _ = services.balances(award, pool, Q1, "B200")
    assert (awarded, released) == (40 * FULL, 20 * FULL)
    own = LedgerEntry.objects.filter(award=award).exclude(kind="release")
    assert own.aggregate(s=Sum("gpu_seconds"))["s"] == awarded
    assert services.balances(other_award, pool, Q1, "B200")[0] == 15 * FULL
    assert services.committed_seconds(pool, Q1, "B200") == 55 * FULL
    # History is never overwritten: six entries, each as written.
    assert list(LedgerEntry.objects.order_by("id").values_list("kind", flat=True)) == [
        "grant", "supplement", "reclaim", "transfer_out", "transfer_in", "release",
    ]  # fmt: skip


def test_released_time_cannot_be_reclaimed_nor_released_twice(pool, award, officer):
    grant(award, pool, officer, 10)
    services.release_gpu_time(
        award=award, pool=pool, quarter=Q1, gpu_type="B200", gpu_seconds=8 * FULL, by=officer
    )
    with pytest.raises(AllocationRefused, match="아직 제공되지 않은"):
        services.reclaim_gpu_time(
            award=award, pool=pool, quarter=Q1, gpu_type="B200", gpu_seconds=3 * FULL, by=officer
        )
    with pytest.raises(AllocationRefused):
        services.release_gpu_time(
            award=award, pool=pool, quarter=Q1, gpu_type="B200", gpu_seconds=3 * FULL, by=officer
        )


def test_a_transfer_between_types_converts_at_the_factors_of_the_quarter_and_keeps_them(
    pool, award, other_award, officer
):
    grant(award, pool, officer, 4)
    out, into = services.transfer_gpu_time(
        from_award=award, to_award=other_award, pool=pool, quarter=Q1, from_type="B200",
        to_type="H100", gpu_seconds=4 * FULL, by=officer,
    )  # fmt: skip
    # A B200 is two H100s: 4 B200-quarters become 8 H100-quarters (9 are allocatable).
    assert into.gpu_seconds == 8 * FULL
    assert (into.factor_from_per_mille, into.factor_to_per_mille) == (2000, 1000)
    assert out.pair == into.pair
    # A later factor never rewrites what was transferred.
    EquivalenceFactor.objects.create(
        gpu_type="B200", valid_from=datetime.date(2026, 2, 1), h100_per_mille=3000
    )
    into.refresh_from_db()
    assert into.gpu_seconds == 8 * FULL


def test_a_transfer_into_a_full_type_is_refused(pool, award, other_award, officer):
    grant(award, pool, officer, 5)
    with pytest.raises(AllocationRefused, match="H100"):
        services.transfer_gpu_time(
            from_award=award, to_award=other_award, pool=pool, quarter=Q1, from_type="B200",
            to_type="H100", gpu_seconds=5 * FULL, by=officer,
        )  # fmt: skip
    assert LedgerEntry.objects.count() == 1


def test_closing_a_quarter_carries_unused_time_up_to_the_cap_and_expires_the_rest(
    pool, award, other_award, officer
):
    grant(award, pool, officer, 10)
    grant(other_award, pool, officer, 10)
    # award used nothing: 10% of its allotment carries, 90% expires.
    carried, expired = services.close_quarter(pool=pool, quarter=Q1, by=officer)
    assert (carried, expired) == (2 * FULL, 18 * FULL)
    assert services.balances(award, pool, Q1, "B200")[0] == 0
    q2 = Quarter(2026, 2)
    assert services.balances(award, pool, q2, "B200")[0] == 10 * FULL // 10
    kinds = LedgerEntry.objects.filter(award=award).values_list("kind", "gpu_seconds")
    assert sorted(kinds) == sorted(
        [("grant", 10 * FULL), ("carry_out", -FULL), ("carry_in", FULL), ("expiry", -9 * FULL)]
    )
    with pytest.raises(AllocationRefused, match="마감"):
        services.close_quarter(pool=pool, quarter=Q1, by=officer)
    with pytest.raises(AllocationRefused, match="마감"):
        grant(award, pool, officer, 1)


def test_termination_returns_exactly_the_future_unreleased_gpu_time(pool, award, officer):
    from allocations.models import PoolTranche

    PoolTranche.objects.filter(gpu_type="B200").update(available_until=None)
    for quarter in [Q1, Quarter(2026, 2), Quarter(2026, 3)]:
        grant(award, pool, officer, 10, quarter=quarter)
    q2, q3 = Quarter(2026, 2), Quarter(2026, 3)
    services.release_gpu_time(
        award=award, pool=pool, quarter=q3, gpu_type="B200", gpu_seconds=DAY, by=officer
    )
    returned = services.return_future_allocations(
        award=award, terminated_on=datetime.date(2026, 3, 15), event_id="t-1", by=officer
    )
    assert [(e.year, e.quarter, e.kind, e.gpu_seconds) for e in returned] == [
        (2026, 2, EntryKind.RETURN, -10 * 91 * DAY),
        (2026, 3, EntryKind.RETURN, -(10 * 92 * DAY - DAY)),
    ]
    assert services.balances(award, pool, Q1, "B200")[0] == 10 * FULL  # the current quarter stays
    assert services.balances(award, pool, q2, "B200")[0] == 0
    assert services.committed_seconds(pool, q3, "B200") == DAY  # only the released day


def test_a_terminated_awards_unused_time_expires_instead_of_carrying_over(pool, award, officer):
    grant(award, pool, officer, 10)
    award.status = "terminated"
    award.save()
    carried, expired = services.close_quarter(pool=pool, quarter=Q1, by=officer)
    assert (carried, expired) == (0, 10 * FULL)
    assert services.balances(award, pool, Quarter(2026, 2), "B200")[0] == 0
