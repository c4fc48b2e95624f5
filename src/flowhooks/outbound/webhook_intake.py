"""The outbound intake as the createOutbound webhook method sees it.

A method gets this object in its `Context`, not the runtime: it may authenticate an outbound
caller and submit calls, through the same pipeline as the create API (`intake`), and
nothing else.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from flowhooks.outbound import intake

if TYPE_CHECKING:
    from flowhooks.outbound.api_models import CreateResponse
    from flowhooks.outbound.validation import ApiError, ValidatedCalls
    from flowhooks.runtime import Runtime


class WebhookIntake:
    """Authenticate and submit outbound calls on behalf of a webhook call."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime

    async def authenticate(
        self, security_id: str, flow_id: str, client_ip: str | None
    ) -> intake.Caller | ApiError:
        """The caller owning this security ID and flow, or the refusal; an account with an
        IP allow-list is checked against the webhook caller's address."""
        return await intake.authenticate(self._runtime, security_id, flow_id, client_ip=client_ip)

    async def submit(
        self,
        caller: intake.Caller,
        validated: ValidatedCalls,
        timings: Sequence[str],
        *,
        source: str,
    ) -> CreateResponse:
        """Store the accepted calls (or find their first twin) and answer."""
        return await intake.submit(self._runtime, caller, validated, timings, source=source)
