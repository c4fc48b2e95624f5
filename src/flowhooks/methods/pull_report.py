"""Pullreport: ask for a report of call attempts, delivered in the background.

The webhook only records the request and queues a `report.build` job, then answers at once
with the report's ID ("no response configured" on the original platform): a caller on the
line never waits for a file to be built. The job builds the CSV/XLSX and delivers it to the
account's destination; `GET /api/v1/reports/{reportID}` shows its state and gives the file.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flowhooks import kinds
from flowhooks.errors import InvalidParameter, MissingParameter
from flowhooks.jobs import queue
from flowhooks.outbound.refusals import InvalidFlowId
from flowhooks.registry import AccountRule, Context, Example, Inputs, Method, Output, Param
from flowhooks.reports import job
from flowhooks.reports.request import Fetch, ReportRequest
from flowhooks.reports.writers import ReportFormat
from flowhooks.store import outbound as outbound_store
from flowhooks.store import reports as store

MAX_UUIDS = 1000
MAX_RANGE = timedelta(days=93)


class DateOrDateTime(kinds.Kind[date | datetime]):
    """An ISO 8601 date (a whole day in the account's zone) or date-time."""

    def __init__(self) -> None:
        super().__init__(max_length=40)

    def describe(self) -> str:
        return "an ISO 8601 date (2026-11-02) or date-time (2026-11-02T09:00:00+05:30)"

    def convert(self, raw: str) -> date | datetime:
        text = raw.strip().replace("Z", "+00:00")
        try:
            value = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
        except ValueError:
            raise ValueError("it is not an ISO 8601 date or date-time") from None
        kinds.check_year(value)
        return value


def _moment(value: date | datetime, zone: ZoneInfo, end: bool) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if end:
        return datetime.combine(value + timedelta(days=1), time(0), tzinfo=zone) - timedelta(
            microseconds=1
        )
    return datetime.combine(value, time(0), tzinfo=zone)


def _request(ctx: Context, inputs: Inputs) -> ReportRequest:
    assert ctx.account is not None
    zone = ctx.account.timezone
    fmt = ReportFormat(inputs.get("format") or ctx.account.settings.reports.default_format)
    fetch: Fetch = "ALL" if inputs.get("fetchAttempt") == "ALL" else "LAST"
    uuids: tuple[str, ...] = tuple(dict.fromkeys(inputs.get("phononUUID") or ()))
    if uuids:
        return ReportRequest(fetch=fetch, format=fmt, phonon_uuids=uuids)
    flow_id, start, end = inputs["flowID"], inputs["fromDate"], inputs["toDate"]
    if not (flow_id and start and end):
        raise MissingParameter(
            "$flow.key.phononUUID",
            "one or more phonon UUIDs, or flowID with fromDate and toDate",
        )
    from_time, to_time = _moment(start, zone, end=False), _moment(end, zone, end=True)
    if to_time < from_time:
        raise InvalidParameter(
            "$flow.key.toDate", "a date on or after fromDate", inputs.raw("toDate")
        )
    if to_time - from_time > MAX_RANGE:
        raise InvalidParameter(
            "$flow.key.toDate",
            f"at most {MAX_RANGE.days} days after fromDate",
            inputs.raw("toDate"),
        )
    return ReportRequest(
        fetch=fetch, format=fmt, flow_id=flow_id, from_time=from_time, to_time=to_time
    )


async def run(ctx: Context, inputs: Inputs) -> dict[str, str]:
    assert ctx.account is not None  # AccountRule.REQUIRED
    request = _request(ctx, inputs)
    async with ctx.db.session() as session:
        if (
            request.flow_id
            and await outbound_store.find_flow(session, ctx.account.id, request.flow_id) is None
        ):
            raise InvalidFlowId(
                f"$flow.key.flowID: account {ctx.account.id} has no outbound flow "
                f"{request.flow_id[:16]!r}"
            )
        row = await store.create(session, ctx.account.id, request)
        await queue.enqueue(
            session,
            kind=job.KIND,
            payload={"report_id": row.id},
            idempotency_key=f"{job.KIND}:{row.id}",
            max_attempts=job.MAX_ATTEMPTS,
        )
    ctx.log.info("report_requested", report_id=row.id, format=request.format.value)
    return {"reportID": row.id, "reportState": "QUEUED", "reportURL": f"/api/v1/reports/{row.id}"}


METHOD = Method(
    name="Pullreport",
    service="pullreportapiwebhook-v1",
    summary="Queue a report of call attempts; it is built and delivered in the background.",
    description=(
        "Give `phononUUID` (one or a comma list) or `flowID` with `fromDate` and `toDate` "
        "(ISO dates are whole days in the account's zone; at most 93 days). `fetchAttempt` "
        "ALL gives every dial attempt, LAST (default) each call's last one. A flowID the "
        "account does not have is a 404 INVALID_FLOW_ID. The answer comes "
        "at once with `reportID`; the CSV or XLSX file goes to the account's report "
        "destination (HTTP POST or e-mail) and stays at GET /api/v1/reports/{reportID}/file."
    ),
    account=AccountRule.REQUIRED,
    inputs=(
        Param(
            "phononUUID",
            kinds.CommaList(kinds.Text(max_length=64), max_items=MAX_UUIDS),
            example="6f1c2a9e-0b7d-4c1e-9a55-2b8f0e6d1c34",
            description="The calls to report on (one or a comma list).",
        ),
        Param("flowID", kinds.Text(max_length=16), example="AbCd1234", description="A flow."),
        Param("fromDate", DateOrDateTime(), example="2026-11-01", description="Range start."),
        Param("toDate", DateOrDateTime(), example="2026-11-02", description="Range end."),
        Param(
            "fetchAttempt",
            kinds.Choice(("ALL", "LAST")),
            default="LAST",
            example="ALL",
            description="Every attempt of each call, or only the last.",
        ),
        Param(
            "format",
            kinds.Choice(("csv", "xlsx")),
            example="xlsx",
            description="The file format; default the account's (csv).",
        ),
        Param(
            "accountID",
            kinds.Integer(minimum=1),
            example="1",
            description="The account whose calls are reported.",
        ),
    ),
    outputs=(
        Output("reportID", "rpt_3f9a0c1d2e4b5a6978c0d1e2", "The report's ID."),
        Output("reportState", "QUEUED", "Always QUEUED in this answer."),
        Output("reportURL", "/api/v1/reports/rpt_3f9a0c1d2e4b5a6978c0d1e2", "Its state and file."),
    ),
    examples=(
        Example(
            {
                "$flow.key.flowID": "DEMOFLOW",
                "$flow.key.fromDate": "2026-11-01",
                "$flow.key.toDate": "2026-11-02",
                "$flow.key.fetchAttempt": "ALL",
                "$flow.key.format": "csv",
                "$flow.key.accountID": "1",
            }
        ),
    ),
    run=run,
)
