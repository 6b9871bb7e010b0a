import statistics
from decimal import Decimal
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from reviews import aggregation
from reviews.aggregation import round2, standard_deviation
from reviews.enums import AggregationMethod


def test_trimmed_mean_drops_exactly_one_highest_and_one_lowest():
    # Two reviewers share the top score: only one of them is dropped.
    assert aggregation.trimmed_mean([90, 90, 80, 70, 50], min_reviews=5) == D("80.00")


def test_trimmed_mean_keeps_everything_below_the_minimum():
    assert aggregation.trimmed_mean([90, 80, 70, 50], min_reviews=5) == D("72.50")


def test_mean_rounds_half_up_to_two_decimals():
    assert aggregation.mean([D("80.125"), D("80.125")]) == D("80.13")
    assert aggregation.round2(D("2.675")) == D("2.68")
    assert aggregation.mean([80, 80, 81]) == D("80.33")


def test_median_of_an_even_count_is_the_mean_of_the_middle_two():
    assert aggregation.median([70, 75, D("80.005"), 90]) == D("77.50")


def test_aggregate_flags_disagreement_above_the_share_of_full_marks():
    result = aggregation.aggregate(
        [90, 69], method=AggregationMethod.MEAN, disagreement_share=D("0.20")
    )
    assert (result.score, result.low, result.high, result.sd) == (
        D("79.50"),
        D(69),
        D(90),
        D("10.50"),
    )
    assert result.disagreement is True
    assert aggregation.aggregate([90, 70], disagreement_share=D("0.20")).disagreement is False


def test_review_total_weights_levels_on_the_scale():
    assert aggregation.review_total([(5, 60), (3, 40)], 5) == D("84.00")


def test_combine_components_for_a_stage_gate():
    assert aggregation.combine_components([(40, D("90")), (35, D("80.5")), (25, 70)]) == D("81.68")


def test_majority_needs_more_than_half():
    assert aggregation.majority_recommends([True, True, False]) is True
    assert aggregation.majority_recommends([True, False]) is False
    assert aggregation.majority_recommends([]) is False


def test_grade_boundaries():
    assert [aggregation.grade(D(s)) for s in ("90", "89.99", "70", "59.99")] == [
        "S",
        "A",
        "B",
        "D",
    ]


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.integers(0, 10_000), min_size=2, max_size=12))
def test_standard_deviation_equals_the_rounded_exact_pstdev(hundredths):
    totals = [Decimal(h) / 100 for h in hundredths]  # two decimals, 0.00–100.00
    assert standard_deviation(totals) == round2(statistics.pstdev(totals))
