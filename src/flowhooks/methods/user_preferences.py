"""updateUserPreferences / fetchUserPreferences: per-contact key/value memory ($user.key.*).

The contact may be written any way a caller or a CRM writes it: it is normalised to E.164
once, here at the door, so `+91 99797 46666`, `09979746666` and `919979746666` are one
contact. Limits (64-char names of letters, digits and `_`; 4 KB values; 200 keys) are checked
before anything is written, and the 200-key limit inside the same transaction, so a refused
update leaves the stored values exactly as they were.
"""

from __future__ import annotations

from flowhooks import kinds
from flowhooks.contacts.rules import (
    EXPECTED_KEYS,
    EXPECTED_NAME,
    EXPECTED_VALUE,
    MAX_KEYS,
    valid_name,
    valid_value,
)
from flowhooks.errors import InvalidParameter, MissingParameter
from flowhooks.registry import AccountRule, Context, Example, Inputs, Method, Output, Param
from flowhooks.store import contacts

SERVICE = "centraloutboundwebhook-v1"

CONTACT = Param(
    "contactNumber",
    kinds.Phone(),
    scope="$user.syskey",
    example="+91 99797 46666",
    description="The contact, in any common form; normalised to E.164 (default region India).",
)
ACCOUNT = Param(
    "accountID",
    kinds.Integer(minimum=1),
    scope="$user.syskey",
    example="1",
    description=("The account the contact belongs to."),
)


def _account_id(ctx: Context) -> int:
    assert ctx.account is not None  # AccountRule.REQUIRED guarantees it
    return ctx.account.id


def _user_values(inputs: Inputs) -> tuple[dict[str, str], list[str]]:
    """Split the $user.key.* variables into values to store and names to delete (null)."""
    store: dict[str, str] = {}
    delete: list[str] = []
    for full_name, value in inputs.extras:
        name = full_name.rsplit(".", 1)[-1]
        if not valid_name(name):
            raise InvalidParameter(full_name, EXPECTED_NAME)
        if value is None:
            delete.append(name)
            store.pop(name, None)
            continue
        if not valid_value(value):
            raise InvalidParameter(full_name, EXPECTED_VALUE, reason="it is longer")
        store[name] = value
        if name in delete:
            delete.remove(name)
    return store, delete


def _check_key_count(values: dict[str, str]) -> None:
    """Refuse an update that would leave more than MAX_KEYS values (it is rolled back)."""
    if len(values) > MAX_KEYS:
        raise InvalidParameter(
            "$user.key.*", EXPECTED_KEYS, reason=f"this update would leave {len(values)}"
        )


def _as_outputs(values: dict[str, str], found: bool) -> dict[str, str]:
    outputs = {f"$user.key.{name}": value for name, value in values.items()}
    outputs["userFound"] = "true" if found else "false"
    return outputs


async def update(ctx: Context, inputs: Inputs) -> dict[str, str]:
    number: str | None = inputs["contactNumber"]
    if number is None:
        raise MissingParameter(CONTACT.full_name, CONTACT.expected)
    store, delete = _user_values(inputs)
    if not store and not delete:
        raise MissingParameter(
            "$user.key.<name>", "at least one $user.key.<name> variable to store (null deletes it)"
        )
    if len(store) > MAX_KEYS:
        raise InvalidParameter("$user.key.*", EXPECTED_KEYS)
    values = await contacts.update_values(
        ctx.db, _account_id(ctx), number, store, delete, _check_key_count
    )
    ctx.log.debug("user_preferences_updated", stored=len(store), deleted=len(delete))
    return _as_outputs(values, True)


async def fetch(ctx: Context, inputs: Inputs) -> dict[str, str]:
    number: str | None = inputs["contactNumber"] or inputs["cli"]
    if number is None:
        raise MissingParameter(CONTACT.full_name, f"{CONTACT.expected} (or $flow.key.cli)")
    values = await contacts.fetch_values(ctx.db, _account_id(ctx), number)
    # A contact whose values were all deleted is as unknown as one never stored.
    return _as_outputs(values or {}, bool(values))


UPDATE = Method(
    name="updateUserPreferences",
    service=SERVICE,
    summary="Store $user.key variables for a contact; the latest value wins across flows.",
    description=(
        "Every `$user.key.<name>` variable sent is stored for the contact (null deletes the "
        "key). Names are 1-64 letters, digits or underscores; values at most 4 KB; at most "
        "200 keys a contact. The answer carries every value now stored."
    ),
    account=AccountRule.REQUIRED,
    extras="$user.key",
    inputs=(
        Param(
            CONTACT.name,
            CONTACT.kind,
            scope=CONTACT.scope,
            required=True,
            example=CONTACT.example,
            description=CONTACT.description,
        ),
        ACCOUNT,
    ),
    outputs=(
        Output("userFound", "true", "Always true after an update."),
        Output("<name>", "hi", "Every value stored for the contact.", scope="$user.key"),
    ),
    dynamic_outputs="One $user.key.<name> output per stored value.",
    examples=(
        Example(
            {
                "$user.syskey.contactNumber": "+91 99797 46666",
                "$user.syskey.accountID": "1",
                "$user.key.preferredLanguage": "Hindi",
                "$user.key.lastIntent": "request_callback",
            }
        ),
    ),
    run=update,
)

FETCH = Method(
    name="fetchUserPreferences",
    service=SERVICE,
    summary="Answer every $user.key variable stored for a contact.",
    description=(
        "An unknown contact is a SUCCESS with userFound=false. `$flow.key.cli` is accepted as "
        "the contact when contactNumber is not sent."
    ),
    account=AccountRule.REQUIRED,
    inputs=(
        CONTACT,
        Param(
            "cli",
            kinds.Phone(),
            example="919979746666",
            description="The caller's number, used when contactNumber is absent.",
        ),
        ACCOUNT,
    ),
    outputs=(
        Output("userFound", "true", "Whether anything is stored for the contact."),
        Output("<name>", "Hindi", "Every value stored for the contact.", scope="$user.key"),
    ),
    dynamic_outputs="One $user.key.<name> output per stored value.",
    examples=(
        Example({"$user.syskey.contactNumber": "09979746666", "$user.syskey.accountID": "1"}),
    ),
    run=fetch,
)
