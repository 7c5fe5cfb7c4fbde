"""A check of Schemathesis' for the two booking operations and a centre's
new PIN, whose `positive_data_acceptance` scripts/schemathesis.toml lets
take 422.

A booking the document allows may still be refused with 422 for rules that
depend on the slot's offering, which a schema can't know: details of another
kind, a party larger than the offering's max_party, a price band it doesn't
list, an address its home service needs, an age its class asks to confirm;
for a rule across two fields, sensitive details without consent.sensitive;
and for one across requests, an Idempotency-Key used before with another
body. Any other refusal of schema-valid data is a contract gap, as
everywhere else.
"""

import schemathesis

BOOKING_RULES = {
    "details_kind_mismatch",
    "party_size_out_of_range",
    "price_band_invalid",
    "address_required",
    "age_confirmation_required",
    "consent_required",
    "idempotency_key_reused",
}
# A centre's new PIN: 6 to 12 digits is its schema, but a run or a repeat
# (123456, 000000) is refused as too easy to guess. An offering's edit:
# see below.
BEYOND_A_SCHEMA = {
    ("POST", "/bookings"): BOOKING_RULES,
    ("POST", "/volunteer/bookings"): BOOKING_RULES,
    ("PUT", "/manage/centers/{id}/pin"): {"pin_too_simple"},
    # An offering is checked with its centre's whole file (a schedule that
    # ends after it starts, visible names, one menu a day): invalid_field
    # with the field; its id, centre and kind can't change: field_fixed.
    ("PUT", "/manage/offerings/{id}"): {"invalid_field", "field_fixed"},
}
# What positive_data_acceptance accepts besides 2xx, 3xx and 5xx, and 413:
# a schema can't state the 16 KiB every body is held to.
ACCEPTED = {401, 403, 404, 409, 413, 429}


@schemathesis.check
def bookings_refused_only_by_rules_beyond_a_schema(ctx, response, case):
    rules = BEYOND_A_SCHEMA.get((case.method.upper(), case.path))
    if rules is None:
        return None
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return None
    status = response.status_code
    if status < 400 or status >= 500 or status in ACCEPTED:
        return None
    try:
        code = response.json()["error"]["code"]
    except (ValueError, KeyError, TypeError):
        code = None
    if status == 422 and code in rules:
        return None
    raise AssertionError(
        f"Valid data should have been accepted: {status} {code}"
        " (a 422 is expected only for rules beyond a schema: "
        + ", ".join(sorted(rules))
        + ")"
    )
