"""What a Pullreport asks for, as a plain value stored with the report and given to its job.

Either a list of phonon UUIDs, or a flow and a time range; `fetch` is ALL (every dial
attempt) or LAST (only each call's last attempt, the original platform's default).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from flowhooks.reports.writers import ReportFormat

Fetch = Literal["ALL", "LAST"]


@dataclass(frozen=True, slots=True)
class ReportRequest:
    """The selection of call attempts a report holds."""

    fetch: Fetch
    format: ReportFormat
    phonon_uuids: tuple[str, ...] = ()
    flow_id: str | None = None
    from_time: datetime | None = None
    to_time: datetime | None = None

    def __post_init__(self) -> None:
        by_range = self.flow_id and self.from_time and self.to_time
        if not self.phonon_uuids and not by_range:
            raise ValueError("a report needs phonon UUIDs, or a flow ID with a time range")
        if self.from_time and self.to_time and self.to_time < self.from_time:
            raise ValueError("toDate is before fromDate")

    def to_json(self) -> dict[str, Any]:
        return {
            "fetch": self.fetch,
            "format": self.format.value,
            "phononUUIDs": list(self.phonon_uuids),
            "flowID": self.flow_id,
            "from": self.from_time.isoformat() if self.from_time else None,
            "to": self.to_time.isoformat() if self.to_time else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReportRequest:
        def moment(key: str) -> datetime | None:
            value = data.get(key)
            return datetime.fromisoformat(value) if value else None

        fetch: Fetch = "ALL" if data.get("fetch") == "ALL" else "LAST"
        return cls(
            fetch=fetch,
            format=ReportFormat(data["format"]),
            phonon_uuids=tuple(data.get("phononUUIDs") or ()),
            flow_id=data.get("flowID"),
            from_time=moment("from"),
            to_time=moment("to"),
        )
