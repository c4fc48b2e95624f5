"""The outbound API's refusal codes as webhook errors, for createOutbound.

A flow calling createOutbound gets an honest failure (`status` FAILED, an HTTP 4xx) whose
`errorCode` is the outbound code's name and whose message starts with its number, e.g.
`202 Invalid security ID: …`, and whose variables obdResponseCode / obdResponseMessage
carry the code and its message as an accepted answer does; accepted requests answer
`obdResponseCode` 200 or 201.
"""

from __future__ import annotations

from flowhooks.errors import FlowhooksError, Forbidden, InvalidFormat, NotFound, Unauthorized
from flowhooks.outbound.api_models import ResponseCode


class OutboundRuleBroken(FlowhooksError):
    """The outbound request breaks one of the API's rules."""

    status_code = 422
    code = "INVALID_MANDATORY_PARAMETERS"


class InvalidApiVersion(OutboundRuleBroken):
    code = "INVALID_API_VERSION"


class InvalidContactNumber(OutboundRuleBroken):
    code = "INVALID_CONTACT_NUMBER"


class InvalidSecurityId(Unauthorized):
    code = "INVALID_SECURITY_ID"


class InvalidFlowId(NotFound):
    code = "INVALID_FLOW_ID"


class IpNotWhitelisted(Forbidden):
    code = "IP_NOT_WHITELISTED"


class OutboundFailure(FlowhooksError):
    code = "FAILURE"


_BY_CODE: dict[ResponseCode, type[FlowhooksError]] = {
    ResponseCode.INVALID_SECURITY_ID: InvalidSecurityId,
    ResponseCode.INVALID_API_VERSION: InvalidApiVersion,
    ResponseCode.INVALID_CONTACT_NUMBER: InvalidContactNumber,
    ResponseCode.INVALID_MANDATORY_PARAMETERS: OutboundRuleBroken,
    ResponseCode.INVALID_FLOW_ID: InvalidFlowId,
    ResponseCode.IP_NOT_WHITELISTED: IpNotWhitelisted,
    ResponseCode.INVALID_FORMAT: InvalidFormat,
    ResponseCode.FAILURE: OutboundFailure,
}


def refusal_error(code: ResponseCode, message: str) -> FlowhooksError:
    """The webhook error carrying a refused outbound code, also as the variables
    obdResponseCode and obdResponseMessage (flows branch on them as on the original)."""
    error_class = _BY_CODE.get(code, OutboundRuleBroken)
    error = error_class(f"{code.value} {code.message}: {message}")
    error.variables = (("obdResponseCode", str(code.value)), ("obdResponseMessage", code.message))
    return error
