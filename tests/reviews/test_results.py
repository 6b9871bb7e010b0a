from reviews import services
from reviews.enums import DecisionRule
from tests.reviews.conftest import join
from tests.reviews.test_services import score_fully


def test_applicant_sees_score_grade_opinions_and_evaluators_once_published(
    client, panel, own_application, other_application, reviewer, officer, applicant
):
    join(panel, reviewer)
    services.assign_reviewers(
        panel, pairs=[(reviewer, own_application), (reviewer, other_application)], by=officer
    )
    for review in reviewer.reviews.all():
        score_fully(review, reviewer, level=4)
        services.save_scores(
            review,
            by=reviewer,
            version=review.version,
            summary=f"{review.application.reference} 의견",
        )
        services.submit_review(review, by=reviewer)
    services.record_decision(panel, rule=DecisionRule.TOP_K, k=1, rationale="상위 1", by=officer)
    client.force_login(applicant)
    url = f"/reviews/results/{own_application.pk}/"
    assert "TST-2025-0001 의견" not in client.get(url).content.decode()
    services.publish_results(panel, by=officer)
    page = client.get(url).content.decode()
    assert "80.00" in page and "<dd>A</dd>" in page
    assert "TST-2025-0001 의견" in page
    assert "TST-2025-0002 의견" not in page  # bait: the other team's opinion
    assert reviewer.display_name in page
    assert f"/reviews/results/{own_application.pk}/" in client.get("/").content.decode()
    assert client.get(f"/reviews/results/{other_application.pk}/").status_code == 404
