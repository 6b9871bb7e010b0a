"""Error pages are the site's own, in Korean first: not Django's bare English "Not Found"."""

import pytest
from django.template import loader


@pytest.mark.django_db
def test_a_missing_page_is_the_sites_404_in_korean(client, officer):
    client.force_login(officer)
    response = client.get(f"/reviews/panels/{2**70}/ranking/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "페이지를 찾을 수 없습니다" in page
    assert 'href="/"' in page  # the way home, in the site's layout


@pytest.mark.django_db
def test_a_forbidden_page_is_the_sites_403_in_korean(client, applicant):
    client.force_login(applicant)
    response = client.get("/awards/dashboard/")
    assert response.status_code == 403
    assert "권한" in response.content.decode()


def test_the_500_page_renders_without_a_request():
    page = loader.get_template("500.html").render()
    assert "서버 오류" in page
