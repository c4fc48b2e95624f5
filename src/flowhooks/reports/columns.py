"""The columns of the call-attempt report, declared once for CSV, XLSX and the docs.

One row is one dial attempt of an outbound call, with the fields the outbound pull API
returns (number dialled, status, start/connect/end times, duration, hangup cause,
recording URL) plus the identifiers a flow needs to join it back (phonon UUID, client
identifier, flow ID, attempt number). Writers receive typed cells: times stay datetimes
(the writer decides how to render them in the account's zone), counts stay integers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

Cell = str | int | datetime | None


@dataclass(frozen=True, slots=True)
class AttemptRow:
    """One dial attempt of an outbound call."""

    phonon_uuid: str
    flow_id: str
    attempt: int
    contact_number: str
    status: str
    client_identifier: str | None = None
    start_time: datetime | None = None
    connect_time: datetime | None = None
    end_time: datetime | None = None
    duration_seconds: int | None = None
    hangup_cause: str | None = None
    recording_url: str | None = None


@dataclass(frozen=True, slots=True)
class Column:
    """A report column: its header and how to read its cell from a row."""

    header: str
    cell: Callable[[AttemptRow], Cell]
    description: str


COLUMNS: tuple[Column, ...] = (
    Column("phononUUID", lambda r: r.phonon_uuid, "The call's phonon UUID."),
    Column("clientIdentifier", lambda r: r.client_identifier, "The creator's client identifier."),
    Column("flowID", lambda r: r.flow_id, "The outbound flow."),
    Column("attemptNumber", lambda r: r.attempt, "1 for the first dial of the call, then 2, 3…"),
    Column("contactNumber", lambda r: r.contact_number, "The number dialled (E.164)."),
    Column(
        "status",
        lambda r: r.status,
        "QUEUED, DIALING, ANSWERED, NO_ANSWER, BUSY, FAILED or CANCELLED.",
    ),
    Column("startTime", lambda r: r.start_time, "When dialling started (account's zone)."),
    Column("connectTime", lambda r: r.connect_time, "When the call was answered."),
    Column("endTime", lambda r: r.end_time, "When the call ended."),
    Column("durationSeconds", lambda r: r.duration_seconds, "Connected seconds."),
    Column("hangupCause", lambda r: r.hangup_cause, "The dialer's hangup cause."),
    Column("recordingURL", lambda r: r.recording_url, "The call recording, when there is one."),
)

HEADERS: tuple[str, ...] = tuple(column.header for column in COLUMNS)


def cells(row: AttemptRow) -> list[Cell]:
    """The row's cells in column order."""
    return [column.cell(row) for column in COLUMNS]
