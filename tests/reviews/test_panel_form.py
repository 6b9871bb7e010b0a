from reviews.models import Panel
from tests.factories import StageFactory


def post_data(stage, weights, knockout=False):
    data = {
        "stage": stage.pk, "name_ko": "서면평가위원회", "name_en": "Document panel",
        "purpose": "shortlist", "scale_max": 5, "aggregation": "trimmed_mean",
        "trim_min_reviews": 5, "disagreement_share": "0.20", "reviews_per_application": 3,
        "knockout_rule": "majority",
        "criteria-TOTAL_FORMS": len(weights) + knockout, "criteria-INITIAL_FORMS": 0,
    }  # fmt: skip
    for i, weight in enumerate(weights):
        data.update({f"criteria-{i}-order": i + 1, f"criteria-{i}-name_ko": f"항목{i}",
                     f"criteria-{i}-weight": weight})  # fmt: skip
    if knockout:
        i = len(weights)
        data.update({f"criteria-{i}-order": i + 1, f"criteria-{i}-name_ko": "독자성",
                     f"criteria-{i}-weight": 10, f"criteria-{i}-is_knockout": "on"})  # fmt: skip
    return data


def test_officer_creates_a_panel_whose_weights_sum_to_100(client, officer):
    stage = StageFactory()
    client.force_login(officer)
    response = client.post("/reviews/panels/new/", post_data(stage, [60, 40], knockout=True))
    panel = Panel.objects.get()
    assert response["Location"] == f"/reviews/panels/{panel.pk}/"
    assert list(panel.criteria.values_list("weight", "is_knockout")) == [
        (60, False), (40, False), (0, True),
    ]  # fmt: skip
    assert list(panel.levels.values_list("value", "name_ko")) == [
        (5, "탁월"), (4, "우수"), (3, "보통"), (2, "미흡"), (1, "불량"),
    ]  # fmt: skip
    assert panel.history.first().history_user == officer


def test_panel_is_refused_when_the_weights_do_not_sum_to_100(client, officer):
    stage = StageFactory()
    client.force_login(officer)
    response = client.post("/reviews/panels/new/", post_data(stage, [60, 30]))
    assert response.status_code == 200
    assert "100" in response.content.decode()
    assert Panel.objects.count() == 0


def test_panel_form_is_forbidden_to_reviewers(client, reviewer):
    client.force_login(reviewer)
    assert client.get("/reviews/panels/new/").status_code == 403
