"""dateCompare: which of two dates comes first, and how many (business) days apart.

Both dates are read like ValidateDateAndTime's inputDate (ISO, day-first, spoken English
and Hindi) relative to referenceTime (default now) in the account's zone. A date that
cannot be read is a 422 naming the variable: unlike a caller's utterance there is no
sensible correction for it.
"""

from __future__ import annotations

from datetime import date, datetime

from flowhooks import kinds
from flowhooks.calendar.business import BusinessCalendar
from flowhooks.calendar.parsing import parse_date_input
from flowhooks.calendar.validation import compare
from flowhooks.errors import InvalidParameter
from flowhooks.methods.calendar_inputs import ReferenceTime, account_calendar, reference_now
from flowhooks.registry import AccountRule, Context, Example, Inputs, Method, Output, Param

EXPECTED = "a date such as 2019-12-09, 9-12-2019, 4 November 2019, tomorrow or kal"


def _date(name: str, inputs: Inputs, now: datetime, calendar: BusinessCalendar) -> date:
    text: str = inputs[name]
    parsed = parse_date_input(text, now=now, tz=calendar.zone)
    if parsed is None:
        raise InvalidParameter(f"$flow.key.{name}", EXPECTED, text, "it cannot be read as a date")
    return parsed.day


async def run(ctx: Context, inputs: Inputs) -> dict[str, str]:
    calendar = account_calendar(ctx)
    now = reference_now(ctx, inputs["referenceTime"], calendar)
    first = _date("date1", inputs, now, calendar)
    second = _date("date2", inputs, now, calendar)
    outcome = compare(first, second, calendar)
    return {
        "compareResult": outcome.result.value,
        "daysDifference": str(outcome.days_difference),
        "businessDaysDifference": str(outcome.business_days_difference),
    }


def _date_param(name: str, example: str) -> Param:
    return Param(
        name,
        kinds.Text(max_length=200, allow_empty=False),
        required=True,
        example=example,
        description="A date, read like ValidateDateAndTime's inputDate.",
    )


METHOD = Method(
    name="dateCompare",
    service="centraloutboundwebhook-v1",
    summary="Compare two dates: BEFORE/SAME/AFTER and the calendar and business days between.",
    description=(
        "compareResult is date1 against date2. daysDifference is date2 - date1 in calendar "
        "days, businessDaysDifference the business days d with date1 < d <= date2 (negative "
        "when date2 is earlier), on the account's calendar."
    ),
    account=AccountRule.OPTIONAL,
    inputs=(
        _date_param("date1", "8-11-2019"),
        _date_param("date2", "13-11-2019"),
        Param(
            "referenceTime",
            ReferenceTime(),
            example="2019-11-04T10:00:00+05:30",
            description="What 'today' means for relative dates (default: now).",
        ),
        Param(
            "accountID",
            kinds.Integer(minimum=1),
            example="1",
            description="The account whose calendar counts business days.",
        ),
    ),
    outputs=(
        Output("compareResult", "BEFORE", "BEFORE, SAME or AFTER: date1 against date2."),
        Output("daysDifference", "5", "date2 - date1 in calendar days, signed."),
        Output("businessDaysDifference", "3", "Business days from date1 to date2, signed."),
    ),
    examples=(Example({"date1": "8-11-2019", "date2": "13-11-2019", "accountID": "1"}),),
    run=run,
)
