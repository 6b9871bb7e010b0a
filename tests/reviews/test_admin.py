def test_auditor_reads_reviews_in_the_admin_without_changing_them(client, auditor, panel):
    from accounts.roles import sync_role_permissions

    sync_role_permissions()
    client.force_login(auditor)
    assert client.get("/admin/reviews/panel/").status_code == 200
    assert client.get(f"/admin/reviews/panel/{panel.pk}/change/").status_code == 200
    assert client.get("/admin/reviews/panel/add/").status_code == 403
