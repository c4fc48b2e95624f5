"""User preferences: look up the values stored for a contact, and erase a contact."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from flowhooks import phones
from flowhooks.auth.console import ConsoleUser, PostingUser, User
from flowhooks.errors import NotFound
from flowhooks.http.console import templating
from flowhooks.http.console.routing import ConsoleRoute
from flowhooks.http.deps import runtime
from flowhooks.store import contacts

router = APIRouter(prefix="/admin", route_class=ConsoleRoute, include_in_schema=False)


def _account_id(user: ConsoleUser) -> int:
    if user.account_id is None:
        raise NotFound("No account yet: create one with `flowhooks accounts create`")
    return user.account_id


@router.get("/contacts")
async def contact_page(request: Request, user: User) -> Response:
    account_id = _account_id(user)
    number = request.query_params.get("number", "").strip()
    context: dict[str, object] = {"number": number, "looked_up": False}
    status_code = 200
    if number:
        try:
            e164 = phones.normalize(number)
        except ValueError as exc:
            context["error"] = f"{number!r}: {exc}"
            status_code = 422
        else:
            async with runtime(request).db.read() as session:
                contact_id = await contacts.find_contact(session, account_id, e164)
                values = await contacts.values_of(session, contact_id) if contact_id else {}
            context.update(looked_up=True, e164=e164, found=contact_id is not None, values=values)
    return templating.render(request, "contacts.html", user, status_code=status_code, **context)


@router.post("/contacts/erase")
async def erase_contact(request: Request, user: PostingUser) -> Response:
    """Erase a contact: the first POST asks for confirmation, the second (with
    `confirm` naming the same number) erases."""
    account_id = _account_id(user)
    form = await request.form()
    number = str(form.get("number") or "").strip()
    try:
        e164 = phones.normalize(number)
    except ValueError as exc:
        return templating.render(
            request,
            "contacts.html",
            user,
            status_code=422,
            number=number,
            looked_up=False,
            error=f"{number!r}: {exc}",
        )
    if str(form.get("confirm") or "") != e164:
        # The first press only asks: erasing cannot be undone.
        async with runtime(request).db.read() as session:
            contact_id = await contacts.find_contact(session, account_id, e164)
            values = await contacts.values_of(session, contact_id) if contact_id else {}
        return templating.render(
            request,
            "contacts.html",
            user,
            number=e164,
            looked_up=True,
            e164=e164,
            found=contact_id is not None,
            values=values,
            confirm=True,
        )
    async with runtime(request).db.session() as session:
        erased = await contacts.erase(session, account_id, e164)
    runtime(request).log.info("console_contact_erased", account_id=account_id, erased=erased)
    message = f"Erased {e164} and every value stored for it." if erased else f"No contact {e164}."
    return templating.render(
        request, "contacts.html", user, number="", looked_up=False, message=message
    )
