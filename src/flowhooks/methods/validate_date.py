"""ValidateDateAndTime: can the day and time a caller gave be honoured, and if not, when?

The seed's first webhook (`/reliance-nippon-v1/{env}/`). The rules live in
flowhooks.calendar.validation; this module only binds the flow's variables to them and
formats the answer exactly as the contract shows. A date that cannot be honoured is a
SUCCESS with dateIsValid=false; only malformed variables are 422s.
"""

from __future__ import annotations

from flowhooks import kinds
from flowhooks.calendar.business import MAX_SEARCH_DAYS, FewerBusinessDaysError, NoBusinessDayError
from flowhooks.calendar.formatting import (
    format_bool,
    format_output_date,
    format_sms_date,
    format_weekday,
    format_window,
)
from flowhooks.calendar.settings import TimeWindow
from flowhooks.calendar.validation import RequestType, ValidationRequest, validate
from flowhooks.errors import InvalidParameter
from flowhooks.methods.calendar_inputs import (
    ReferenceTime,
    TimeOfDay,
    WeekdayList,
    account_calendar,
    local_time_of,
    reference_now,
)
from flowhooks.registry import AccountRule, Context, Example, Inputs, Method, Output, Param

DAYS_OFF = Param(
    "workingDaysOff",
    WeekdayList(),
    required_when=("type", "Appointment"),
    example="Saturday,Sunday",
    description="Days that are NOT working days; else the account's days off.",
)
VALID_MAX_DAYS = Param(
    "validMaxDays",
    kinds.Integer(minimum=0, maximum=3650),
    example="30",
    description="Last valid day = this many business days after today; 0 = no limit.",
)
START = Param(
    "appointmentStartTime",
    TimeOfDay(),
    required_when=("type", "Appointment"),
    example="09:00",
    description="Start of the appointment window (its time of day is used).",
)
END = Param(
    "appointmentEndTime",
    TimeOfDay(),
    required_when=("type", "Appointment"),
    example="18:00",
    description="End of the appointment window; must be after the start.",
)


def _appointment_window(inputs: Inputs, ctx: Context) -> TimeWindow:
    calendar = account_calendar(ctx)
    start = local_time_of(inputs["appointmentStartTime"], calendar)
    end = local_time_of(inputs["appointmentEndTime"], calendar)
    if end <= start:
        raise InvalidParameter(
            END.full_name,
            f"a time after appointmentStartTime ({start:%H:%M})",
            inputs.raw("appointmentEndTime"),
            "the appointment would end before it starts",
        )
    return TimeWindow(start=start, end=end)


async def run(ctx: Context, inputs: Inputs) -> dict[str, str]:
    calendar = account_calendar(ctx)
    kind = RequestType(inputs.get("type", "Callback"))
    request = ValidationRequest(
        input_date=inputs["inputDate"],
        type=kind,
        days_off=inputs["workingDaysOff"],
        valid_max_days=inputs.get("validMaxDays", 0),
        increment_days=inputs.get("incrementDays", 0),
        appointment_window=(
            _appointment_window(inputs, ctx) if kind is RequestType.APPOINTMENT else None
        ),
    )
    now = reference_now(ctx, inputs["referenceTime"], calendar)
    try:
        result = validate(request, calendar, now)
    except FewerBusinessDaysError as exc:  # validMaxDays past what the search window holds
        raise InvalidParameter(
            VALID_MAX_DAYS.full_name,
            f"a number of business days found within {MAX_SEARCH_DAYS} days",
            str(request.valid_max_days),
            reason=str(exc),
        ) from None
    except NoBusinessDayError as exc:  # every day off, or every day a holiday
        raise InvalidParameter(
            DAYS_OFF.full_name, "days off that leave some business days", reason=str(exc)
        ) from None
    window = format_window(result.hours.start, result.hours.end)
    ctx.log.debug("date_validated", reason=result.invalid_reason.value, flow_id=inputs["flowId"])
    return {
        "outputDate": format_output_date(result.output),
        "smsDate": format_sms_date(result.output.date()),
        "outputTime": window,
        "SmsOutputTime": window,
        "outputDay": format_weekday(result.output.date()),
        "dateIsValid": format_bool(result.date_is_valid),
        "timeIsValid": format_bool(result.time_is_valid),
        "invalidReason": result.invalid_reason.value,
        "holidayName": result.holiday_name or "",
    }


METHOD = Method(
    name="ValidateDateAndTime",
    service="reliance-nippon-v1",
    summary="Check a callback or appointment date and time; correct it to the next valid slot.",
    description=(
        "Business days are the account's working days that are not holidays (python-holidays "
        "for the country and state, optionally NSE/BSE, plus the account's own holidays). "
        "A Callback may be today within the callback hours (default 08:00-20:00); an "
        "Appointment must be on a future business day inside its start/end window. An "
        "invalid input is corrected to the next valid slot, never in the past; the answer "
        "says why (invalidReason) and names the holiday it hit."
    ),
    account=AccountRule.OPTIONAL,
    inputs=(
        Param(
            "inputDate",
            kinds.Text(max_length=200, allow_empty=False),
            required=True,
            example="4 November 2019",
            description=(
                "ISO 8601 date or date-time, D-M-YYYY or DD/MM/YYYY (day first), or spoken "
                "English/Hindi: tomorrow, next Monday, कल, parso, 8 december ko, chaar din "
                "baad, agle hafte somvar, is guruvar, 20 tarikh, 20th (its next occurrence)."
            ),
        ),
        Param(
            "type",
            kinds.Choice(["Appointment", "Callback"]),
            default="Callback",
            example="Callback",
            description="Appointment or Callback (any case).",
        ),
        DAYS_OFF,
        VALID_MAX_DAYS,
        Param(
            "incrementDays",
            kinds.Integer(minimum=0, maximum=3650),
            example="0",
            description="Calendar days added to the input before it is checked.",
        ),
        START,
        END,
        Param(
            "referenceTime",
            ReferenceTime(),
            example="2019-11-04T10:00:00+05:30",
            description="Evaluate as if it were this moment (default: now).",
        ),
        Param(
            "accountID",
            kinds.Integer(minimum=1),
            example="1",
            description="The account whose calendar applies (defaults when absent).",
        ),
        Param("flowId", kinds.Text(max_length=64), example="ab12cd34", description="For the logs."),
    ),
    outputs=(
        Output("outputDate", "2019-12-09T09:00:00+05:30", "The valid or corrected slot."),
        Output("smsDate", "9-12-2019", "outputDate for an SMS: D-M-YYYY."),
        Output("outputTime", "09:00 AM to 06:00 PM", "The hours of the window that day."),
        Output("SmsOutputTime", "09:00 AM to 06:00 PM", "The same, for an SMS."),
        Output("outputDay", "Monday", "Weekday of outputDate."),
        Output("dateIsValid", "false", "Whether the (incremented) input date was valid."),
        Output("timeIsValid", "true", "Whether the input time was valid."),
        Output(
            "invalidReason",
            "HOLIDAY",
            "NONE, UNPARSEABLE, PAST, DAY_OFF, HOLIDAY, BEYOND_MAX_DAYS or OUTSIDE_HOURS.",
        ),
        Output("holidayName", "Diwali", "The holiday the input date fell on, else empty."),
    ),
    examples=(
        Example({"inputDate": "4 November 2019", "type": "Callback"}, "The seed's example"),
        Example(
            {
                "inputDate": "8 december ko",
                "type": "Appointment",
                "workingDaysOff": "Saturday,Sunday",
                "appointmentStartTime": "09:00",
                "appointmentEndTime": "18:00",
                "validMaxDays": "30",
                "referenceTime": "2019-11-04T10:00:00+05:30",
                "accountID": "1",
            },
            "An appointment said in Hindi, dated for a repeatable answer",
        ),
    ),
    run=run,
)
