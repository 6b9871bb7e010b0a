import os
import time

import pytest
from django.core import mail

from accounts.tasks import send_email
from config.celery import app
from tests.support import require


def test_without_a_broker_tasks_run_eagerly_in_process(settings):
    assert app.conf.task_always_eager is True
    send_email.delay(subject="제목", body="본문", to=["a@example.kr"])
    assert [m.subject for m in mail.outbox] == ["제목"]


@pytest.mark.broker
def test_a_real_worker_delivers_a_task_through_redis():
    broker = os.environ.get("CELERY_BROKER_URL")
    require(broker, "CELERY_BROKER_URL is not set: no Redis broker to run a worker against")
    import redis

    try:
        redis.Redis.from_url(broker).ping()
    except redis.exceptions.ConnectionError:
        require(False, f"Redis at {broker} does not answer")

    from celery.contrib.testing.worker import start_worker

    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            result = send_email.delay(subject="워커 시험", body="본문", to=["b@example.kr"])
            deadline = time.monotonic() + 20
            while not mail.outbox and time.monotonic() < deadline:
                time.sleep(0.1)
    finally:
        app.conf.task_always_eager = True
    assert result.id
    assert [m.subject for m in mail.outbox] == ["워커 시험"]
    assert mail.outbox[0].to == ["b@example.kr"]
