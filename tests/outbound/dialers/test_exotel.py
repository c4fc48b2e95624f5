"""The exotel dialer against a local server speaking Exotel's Calls/connect."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from flowhooks.outbound.api_models import AttemptStatus, StatusReport
from flowhooks.outbound.dialers.base import DialAttempt, DialOutcome
from flowhooks.outbound.dialers.exotel import (
    ExotelConfig,
    ExotelDialer,
    call_sid_of,
    status_report,
)
from flowhooks.outbound.dialers.retry import Backoff
from tests.outbound.outbound_fakes import FakeExotel

FAST = Backoff(tries=2, first=0.01, cap=0.02)
IST = ZoneInfo("Asia/Kolkata")
UUID = "0b5c3f5e-6d7f-4a8e-9a0b-1c2d3e4f5a6b"


def attempt(number: str = "+919979746666") -> DialAttempt:
    return DialAttempt(
        phonon_uuid=UUID,
        attempt_number=2,
        number=number,
        caller_id="08047112345",
        flow_id="FLOW0001",
        client_identifier="c1",
        keys=(),
        status_url=f"http://127.0.0.1/kairos-apis/outbound/status/exotel/{UUID}/2/tok",
    )


def exotel(client: httpx.AsyncClient, fake: FakeExotel, token: str | None = None) -> ExotelDialer:
    config = ExotelConfig(
        sid=fake.sid,
        api_key=fake.api_key,
        api_token=token or fake.api_token,
        flow_url="http://my.exotel.com/acme1/exoml/start_voice/12345",
        base_url=fake.base_url,
        time_limit=600,
        time_out=30,
    )
    return ExotelDialer(client, config, timeout=2.0, backoff=FAST)


async def test_connect_sends_exotel_form_and_reads_sid(
    http_client: httpx.AsyncClient, fake_exotel: FakeExotel
) -> None:
    """Calls/connect gets From, CallerId, Url, StatusCallback, CustomField and limits."""
    result = await exotel(http_client, fake_exotel).place(attempt())
    assert result.outcome is DialOutcome.ACCEPTED
    assert result.provider_call_id == "exo" + "1".zfill(29)
    [hit] = fake_exotel.hits
    assert hit.path == "/v1/Accounts/acme1/Calls/connect"
    assert hit.authorized
    assert hit.form["From"] == "+919979746666"
    assert hit.form["CallerId"] == "08047112345"
    assert hit.form["Url"].endswith("/start_voice/12345")
    assert hit.form["StatusCallback"].endswith(f"/{UUID}/2/tok")
    assert hit.form["CustomField"] == f"{UUID}:2"
    assert (hit.form["TimeLimit"], hit.form["TimeOut"]) == ("600", "30")


async def test_refused_number_is_rejected(
    http_client: httpx.AsyncClient, fake_exotel: FakeExotel
) -> None:
    """Exotel's 400 RestException is a permanent refusal carrying its message."""
    fake_exotel.refuse.add("+919979746666")
    result = await exotel(http_client, fake_exotel).place(attempt())
    assert result.outcome is DialOutcome.REJECTED
    assert "Invalid parameter" in result.detail


async def test_bad_credentials_are_rejected(
    http_client: httpx.AsyncClient, fake_exotel: FakeExotel
) -> None:
    """A wrong API token gets Exotel's 401, not retried."""
    result = await exotel(http_client, fake_exotel, token="nope").place(attempt())
    assert result.outcome is DialOutcome.REJECTED
    assert len(fake_exotel.hits) == 1


async def test_exotel_outage_is_unreachable(
    http_client: httpx.AsyncClient, fake_exotel: FakeExotel
) -> None:
    """Exotel answering 503 on every try is UNREACHABLE."""
    fake_exotel.fail.add("+919979746666")
    result = await exotel(http_client, fake_exotel).place(attempt())
    assert result.outcome is DialOutcome.UNREACHABLE
    assert len(fake_exotel.hits) == FAST.tries


def test_call_sid_from_json_and_xml() -> None:
    """The Call Sid is read from Exotel's JSON and XML answers; garbage gives None."""
    assert call_sid_of('{"Call": {"Sid": "abc", "Status": "in-progress"}}') == "abc"
    xml = "<?xml version='1.0'?><TwilioResponse><Call><Sid> xyz </Sid></Call></TwilioResponse>"
    assert call_sid_of(xml) == "xyz"
    assert call_sid_of("<TwilioResponse><RestException/></TwilioResponse>") is None
    assert call_sid_of("{not json") is None
    assert call_sid_of("<<<") is None


@pytest.mark.parametrize(
    ("exotel_status", "ours"),
    [
        ("completed", AttemptStatus.ANSWERED),
        ("busy", AttemptStatus.BUSY),
        ("no-answer", AttemptStatus.NO_ANSWER),
        ("failed", AttemptStatus.FAILED),
        ("canceled", AttemptStatus.CANCELLED),
        ("in-progress", AttemptStatus.DIALING),
        ("queued", AttemptStatus.QUEUED),
    ],
)
def test_status_mapping(exotel_status: str, ours: AttemptStatus) -> None:
    """Each Exotel Status maps to one of our attempt statuses."""
    form = {"CallSid": "abc", "Status": exotel_status, "DateUpdated": "2026-11-28 10:05:00"}
    report = status_report(form, phonon_uuid=UUID, attempt_number=1)
    assert report.status is ours
    assert report.dialer_call_id == "abc"


def test_terminal_callback_times_and_duration() -> None:
    """A terminal callback gives start, connect (end − talk time), end, duration, recording."""
    form = {
        "CallSid": "abc",
        "Status": "completed",
        "DateUpdated": "2026-11-28 10:05:30",
        "StartTime": "2026-11-28 10:04:00",
        "EndTime": "2026-11-28 10:05:20",
        "ConversationDuration": "50",
        "RecordingUrl": "https://rec.example/abc.mp3",
        "EventType": "terminal",
    }
    report = status_report(form, phonon_uuid=UUID, attempt_number=1, zone=IST)
    assert report.start_time == datetime(2026, 11, 28, 4, 34, tzinfo=UTC)
    assert report.end_time == datetime(2026, 11, 28, 4, 35, 20, tzinfo=UTC)
    assert report.connect_time == datetime(2026, 11, 28, 4, 34, 30, tzinfo=UTC)
    assert report.duration == 50
    assert report.recording_url == "https://rec.example/abc.mp3"
    assert report.hangup_cause == "completed"


def test_default_callback_uses_date_updated_as_end() -> None:
    """Without EndTime, a final status ends at DateUpdated; an empty RecordingUrl is None."""
    form = {
        "CallSid": "abc",
        "Status": "busy",
        "DateUpdated": "2026-11-28 10:05:30",
        "RecordingUrl": "",
    }
    report = status_report(form, phonon_uuid=UUID, attempt_number=1)
    assert report.end_time == datetime(2026, 11, 28, 10, 5, 30, tzinfo=IST)
    assert report.recording_url is None
    assert report.connect_time is None


def test_unknown_status_and_bad_time_are_errors() -> None:
    """An unknown Status or a malformed time is a ValueError."""
    with pytest.raises(ValueError, match="status"):
        status_report({"Status": "exploded"}, phonon_uuid=UUID, attempt_number=1)
    with pytest.raises(ValueError, match="Exotel time"):
        status_report(
            {"Status": "busy", "DateUpdated": "yesterday"}, phonon_uuid=UUID, attempt_number=1
        )


def test_answered_event_is_in_progress_with_connect_time() -> None:
    """An `answered` event means connected, still going: DIALING with its connect time."""
    form = {"CallSid": "abc", "EventType": "answered", "DateUpdated": "2026-11-28 10:00:05"}
    report = status_report(form, phonon_uuid=UUID, attempt_number=1)
    assert report.status is AttemptStatus.DIALING
    assert report.connect_time == datetime(2026, 11, 28, 10, 0, 5, tzinfo=IST)


exotel_texts = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["1e999", "-1e999", "inf", "nan", "9" * 40, "2026-11-28 10:05:30", "50"]),
)


@settings(max_examples=200, deadline=None)
@given(
    form=st.fixed_dictionaries(
        {"Status": st.sampled_from(["completed", "busy", "no-answer", "in-progress", "x"])},
        optional=dict.fromkeys(
            (
                "EventType",
                "StartTime",
                "EndTime",
                "DateUpdated",
                "RecordingUrl",
                "ConversationDuration",
            ),
            exotel_texts,
        ),
    )
)
def test_any_callback_form_is_a_report_or_a_value_error(form: dict[str, str]) -> None:
    """Whatever Exotel's form holds, the answer is a report or a ValueError (the route's 400);
    a ConversationDuration of 1e999 raised OverflowError, a 500 (found by fuzzing)."""
    try:
        report = status_report(form, phonon_uuid=UUID, attempt_number=1)
    except ValueError:
        return
    assert report.duration is None or 0 <= report.duration <= 7 * 24 * 3600


def test_a_duration_no_call_can_have_is_dropped() -> None:
    """An infinite, huge or NaN ConversationDuration is dropped like any unreadable one."""
    for duration in ("1e999", "nan", "9" * 40, "1e300"):
        form = {"Status": "completed", "EndTime": "2026-11-28 10:05:20"}
        report = status_report(
            form | {"ConversationDuration": duration}, phonon_uuid=UUID, attempt_number=1
        )
        assert report.duration is None
        assert report.connect_time is None


@pytest.mark.parametrize("field", [{"duration": 2**40}, {"attempt-number": 2**40}])
def test_a_status_report_past_the_attempts_table_is_refused(field: dict[str, int]) -> None:
    """A signed report with a duration or attempt number no call has is refused (400), not
    bound into a 32-bit column (a 500 on PostgreSQL)."""
    report = {"phonon-uuid": UUID, "attempt-number": 1, "status": "ANSWERED"} | field
    with pytest.raises(ValidationError):
        StatusReport.model_validate(report)
