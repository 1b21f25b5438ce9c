"""The hash chain: `verify_audit_chain` finds every kind of tampering, and parallel writers never
fork the chain."""

import itertools
import threading
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction

from haven.audit import protection
from haven.audit.integrity import verify_chain
from haven.audit.models import AuditEvent
from haven.audit.services import CHAIN_CHECKED, GENESIS_HASH, event_hash, record_event
from tests.support.processes import haven_env, run_manage, start_script

TABLE = AuditEvent._meta.db_table
REPO = Path(__file__).resolve().parents[2]


def verify(batch_size: int = 2000) -> str:
    out = StringIO()
    call_command("verify_audit_chain", batch_size=batch_size, stdout=out)
    return out.getvalue()


def tamper(statement: str, params: list) -> None:
    """What an insider with the database owner's rights could do: lift the triggers, write,
    and put the triggers back so nothing looks unprotected. Rolled back with the test."""
    with transaction.atomic(), connection.cursor() as cursor:
        protection.remove(connection)
        cursor.execute(statement, params)
        protection.install(connection)


@pytest.fixture
def five_events(db) -> list[AuditEvent]:
    return [
        record_event(
            "case.viewed", object_type="cases.case", object_id=str(n), detail={"page": f"page {n}"}
        )
        for n in range(1, 6)
    ]


def test_an_untouched_log_is_reported_intact(five_events):
    output = verify()
    assert "Access log intact: 5 events" in output
    assert f"Head: event 5, hash {five_events[-1].hash}" in output


def test_an_empty_log_is_intact(db):
    assert "Access log intact: 0 events" in verify()


def test_every_check_is_itself_logged_with_its_result(five_events):
    verify()
    check = AuditEvent.objects.get(action=CHAIN_CHECKED)
    assert check.sequence == 6
    assert check.detail["intact"] is True
    assert check.detail["events_checked"] == 5


def test_an_edited_event_is_named(five_events):
    tamper(f"UPDATE {TABLE} SET reason = %s WHERE sequence = 3", ["nothing to see here"])
    with pytest.raises(CommandError) as failure:
        verify()
    assert str(failure.value) == (
        "Access log broken at event 3: its contents no longer match its hash "
        "(altered after it was written)"
    )
    assert failure.value.returncode == 1


def test_an_edited_event_with_a_recomputed_hash_breaks_the_next_link(five_events):
    edited = five_events[2]
    edited.actor_label = "someone-else@example.org"
    tamper(
        f"UPDATE {TABLE} SET actor_label = %s, hash = %s WHERE sequence = 3",
        [edited.actor_label, event_hash(edited)],
    )
    with pytest.raises(CommandError, match="broken at event 4: its link to event 3 does not match"):
        verify()


@pytest.mark.parametrize(
    ("removed", "message"),
    [
        ([1], "broken at event 2: event 1 is missing"),
        ([3], "broken at event 4: event 3 is missing"),
        ([2, 3, 4], "broken at event 5: events 2 to 4 are missing"),
    ],
)
def test_removed_events_are_named(five_events, removed, message):
    placeholders = ", ".join(["%s"] * len(removed))
    tamper(f"DELETE FROM {TABLE} WHERE sequence IN ({placeholders})", removed)
    with pytest.raises(CommandError, match=message):
        verify()


def test_a_break_on_a_batch_boundary_is_found(five_events):
    tamper(f"UPDATE {TABLE} SET detail = %s WHERE sequence = 4", ['{"page": "page 40"}'])
    assert "Access log intact" not in str(verify_chain(batch_size=3).summary())
    with pytest.raises(CommandError, match="broken at event 4"):
        verify(batch_size=3)


def test_a_chain_with_a_break_is_recorded_as_broken(five_events):
    tamper(f"DELETE FROM {TABLE} WHERE sequence = %s", [2])
    with pytest.raises(CommandError):
        verify()
    check = AuditEvent.objects.get(action=CHAIN_CHECKED)
    assert check.detail["intact"] is False
    assert check.detail["broken_at"] == 3


def test_missing_triggers_are_reported_even_when_the_chain_is_intact(five_events):
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER haven_audit_refuse_delete"
            if connection.vendor == "sqlite"
            else f"DROP TRIGGER haven_audit_refuse_truncate ON {TABLE}"
        )
    with pytest.raises(CommandError, match=r"Access log not protected: .*haven_audit_refuse"):
        verify()


def assert_unforked(events: list[AuditEvent]) -> None:
    assert [e.sequence for e in events] == list(range(1, len(events) + 1))
    assert events[0].previous_hash == GENESIS_HASH
    for earlier, later in itertools.pairwise(events):
        assert later.previous_hash == earlier.hash
    assert verify_chain().intact


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_never_fork_the_chain_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip(
            "Threads share SQLite's in-memory test database through a shared cache, whose table "
            "locks are not what production sees; the SQLite variant below uses separate "
            "processes on a database file instead."
        )
    writers, events_each = 8, 25
    start = threading.Barrier(writers)
    errors: list[BaseException] = []

    def write(writer: int) -> None:
        try:
            start.wait()
            for n in range(events_each):
                record_event("case.viewed", object_type="cases.case", object_id=f"{writer}-{n}")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    events = list(AuditEvent.objects.order_by("sequence"))
    assert len(events) == writers * events_each
    assert_unforked(events)


@pytest.mark.slow
def test_parallel_writer_processes_never_fork_the_chain_on_sqlite(tmp_path):
    """Separate processes appending to one SQLite file, as gunicorn workers would."""
    env = haven_env(tmp_path)
    assert run_manage("migrate", "-v0", env=env).returncode == 0
    writer = (
        "import django; django.setup()\n"
        "from haven.audit.services import record_event\n"
        "for n in range(30): record_event('case.viewed', object_id=n)\n"
    )
    processes = [start_script(writer, env=env) for _ in range(4)]
    for process in processes:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
    result = run_manage("verify_audit_chain", env=env)
    assert result.returncode == 0, result.stderr
    assert "Access log intact: 120 events" in result.stdout


# --- Checking only what was added since the last complete check (the page's button) -----------


def test_a_check_can_continue_from_the_last_complete_one(five_events):
    head = five_events[-1]
    for n in range(3):
        record_event("case.viewed", object_id=str(n))
    report = verify_chain(continue_from=(head.sequence, head.hash))
    assert report.intact
    assert (report.from_sequence, report.events_checked, report.head_sequence) == (6, 3, 8)
    assert report.summary() == "Access log intact from event 6: 3 events checked"


def test_continuing_finds_an_anchor_that_was_altered(five_events):
    head = five_events[-1]
    tamper(f"UPDATE {TABLE} SET hash = %s WHERE sequence = 5", ["f" * 64])
    report = verify_chain(continue_from=(head.sequence, head.hash))
    assert report.broken_at == 5
    assert "since the last complete check" in report.problem


def test_continuing_finds_a_break_after_the_anchor(five_events):
    head = five_events[-1]
    record_event("case.viewed", object_id="6")
    record_event("case.viewed", object_id="7")
    tamper(f"UPDATE {TABLE} SET object_id = %s WHERE sequence = 7", ["70"])
    assert verify_chain(continue_from=(head.sequence, head.hash)).broken_at == 7


def test_the_quick_check_continues_from_the_last_complete_intact_check(five_events):
    from haven.audit.services import record_chain_check

    first = record_chain_check()  # complete: events 1-5, logged as event 6
    assert first.complete
    record_event("case.viewed", object_id="later")
    quick = record_chain_check(since_last_complete_check=True)
    assert not quick.complete
    assert (quick.from_sequence, quick.events_checked) == (6, 2)


def test_the_quick_check_is_complete_when_there_is_nothing_to_continue_from(five_events):
    from haven.audit.services import record_chain_check

    report = record_chain_check(since_last_complete_check=True)
    assert report.complete
    assert report.events_checked == 5
