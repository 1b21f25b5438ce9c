"""Permission matrix rows for accounts and for django-otp-webauthn's passkey endpoints."""

from haven.accounts.models import Role
from tests.support.accounts import lock_account, make_passkey
from tests.support.matrix import ROLES, Row, everyone, only
from tests.support.personas import make_user


def world(personas):
    inactive = make_user("ian@example.org", "Ian Inactive", Role.CASE_OFFICER, is_active=False)
    locked = make_user("lou@example.org", "Lou Locked", Role.STAFF)
    lock_account(locked.email)
    return {
        "managed": personas["other_officer"],
        "inactive": inactive,
        "locked": locked,
        "passkey": make_passkey(personas["case_officer"]),
    }


def for_all(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


def admin_only() -> dict[str, int]:
    return only(200, "administrator")


def user_row(name: str, who: str = "managed") -> Row:
    return Row(name, kwargs=lambda w: {"pk": w[who].pk}, expect=admin_only())


# A signed-in, verified person is sent on from pages that only make sense before that.
ALREADY_SIGNED_IN = everyone(302)

ROWS = [
    Row("accounts:sign-in", expect={**everyone(302), "anonymous": 200}),
    Row("accounts:sign-out", expect=everyone(200)),
    Row("accounts:sign-out-everywhere", expect=everyone(200)),
    Row("accounts:session-status", expect=everyone(200)),
    Row("accounts:keep-alive", expect=everyone(405)),  # POST only
    Row("accounts:two-factor", expect=ALREADY_SIGNED_IN),
    Row("accounts:two-factor-recovery", expect=ALREADY_SIGNED_IN),
    Row("accounts:two-factor-set-up", expect=ALREADY_SIGNED_IN),
    # With no freshly made codes waiting, the page sends you to your account.
    Row("accounts:recovery-codes", expect=ALREADY_SIGNED_IN),
    Row("accounts:account", expect=everyone(200)),
    Row("accounts:recovery-codes-new", expect=everyone(200)),
    Row("accounts:authenticator-replace", expect=everyone(200)),
    # Only the passkey's owner sees it; for anyone else it does not exist.
    Row(
        "accounts:passkey-remove",
        kwargs=lambda w: {"pk": w["passkey"].pk},
        expect=only(200, "case_officer", others=404),
        outsiders=404,
    ),
    Row("accounts:password-change", expect=everyone(200)),
    Row("accounts:password-reset", expect=for_all(200)),
    Row("accounts:password-reset-sent", expect=for_all(200)),
    Row("accounts:password-reset-complete", expect=for_all(200)),
    # A link that is not valid shows the "this link does not work" page to anyone.
    Row(
        "accounts:password-reset-confirm",
        kwargs={"uidb64": "MQ", "token": "not-a-token"},
        expect=for_all(200),
    ),
    Row("accounts:team-list", expect=admin_only()),
    Row("accounts:team-create", expect=admin_only()),
    Row("accounts:team-edit", kwargs=lambda w: {"pk": w["managed"].team_id}, expect=admin_only()),
    Row("accounts:user-list", expect=admin_only()),
    Row("accounts:user-create", expect=admin_only()),
    user_row("accounts:user-detail"),
    user_row("accounts:user-edit"),
    user_row("accounts:user-deactivate"),
    user_row("accounts:user-reactivate", who="inactive"),
    user_row("accounts:user-unlock", who="locked"),
    user_row("accounts:user-reset-second-factor"),
    user_row("accounts:user-send-set-password"),
    # Passkey endpoints take POSTed JSON. Signed out: refused (no passwordless sign-in, no
    # registration without an account); signed in, a GET is the wrong method.
    Row("otp_webauthn:credential-registration-begin", expect={**everyone(405), "anonymous": 403}),
    Row(
        "otp_webauthn:credential-registration-complete",
        expect={**everyone(405), "anonymous": 403},
    ),
    Row(
        "otp_webauthn:credential-authentication-begin",
        expect={**everyone(405), "anonymous": 403},
    ),
    Row(
        "otp_webauthn:credential-authentication-complete",
        expect={**everyone(405), "anonymous": 403},
    ),
    Row("otp_webauthn:js-i18n-catalog", expect=for_all(200)),
]
