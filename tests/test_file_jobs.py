"""The file jobs' tasks (server/tasks/file_jobs.py) keep their queue names.

Huey stores a task's name (`<module>.<function>`) with every queued or scheduled message
and runs the message by that name: a task that moved (the personal-data export left
server/tasks/retention.py for server/tasks/privacy.py) must still answer to the name its
messages were queued under, or they would be orphaned.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from huey.registry import Message

from server.tasks import exports as export_tasks
from server.tasks import huey
from server.tasks import privacy as privacy_tasks
from server.tasks.jobs import KEEP_STATE, RETRY

NAMES = [
    ("server.tasks.exports.build_export", export_tasks.build_export),
    ("server.tasks.exports.resume_export_jobs", export_tasks.resume_export_jobs),
    ("server.tasks.retention.build_person_export", privacy_tasks.build_person_export),
    ("server.tasks.retention.resume_person_exports", privacy_tasks.resume_person_exports),
]


@pytest.mark.parametrize(("name", "wrapper"), NAMES, ids=[n for n, _ in NAMES])
def test_a_message_queued_under_the_name_runs_the_task(name: str, wrapper: Any) -> None:
    message = Message(str(uuid.uuid4()), name, None, 0, 0, None, ("job",), {})
    task = huey.deserialize_task(huey.serializer.serialize(message))
    assert type(task) is wrapper.task_class
    assert huey.deserialize_task(huey.serialize_task(wrapper.s("job"))).name == name.split(".")[-1]


def test_the_file_jobs_are_retried_with_their_parameters() -> None:
    assert RETRY["export"] is export_tasks.retry_export
    assert RETRY["privacy_export"] is privacy_tasks.retry_person_export
    assert {"export", "privacy_export"} <= KEEP_STATE


def test_the_build_tasks_retry_with_backoff() -> None:
    for wrapper in (export_tasks.build_export, privacy_tasks.build_person_export):
        assert (wrapper.retries, wrapper.retry_delay) == (3, 2)
        assert wrapper.task_class.default_retry_backoff == 2
