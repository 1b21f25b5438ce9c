"""The access-log events of sign-in and staff accounts."""

from haven.platform.registries import EventType

USER = "accounts.user"
TEAM = "accounts.team"

EVENT_TYPES = [
    EventType(
        "auth.sign_in_paused",
        "Sign-in paused for a client address",
        detail_keys=frozenset({"failures_per_hour"}),
    ),
    EventType("auth.sign_in", "Signed in", USER, frozenset({"stage"})),
    EventType(
        "auth.sign_in_failed",
        "Sign in failed",
        USER,
        frozenset({"account_locked", "known_account"}),
    ),
    EventType(
        "auth.account_locked", "Account locked", USER, frozenset({"failures", "known_account"})
    ),
    EventType("auth.sign_out", "Signed out"),
    EventType("auth.signed_out_everywhere", "Signed out on every device"),
    EventType("auth.session_ended", "Session ended", detail_keys=frozenset({"why"})),
    EventType(
        "auth.second_factor_passed", "Second factor passed", detail_keys=frozenset({"method"})
    ),
    EventType(
        "auth.second_factor_failed", "Second factor failed", USER, frozenset({"method", "problem"})
    ),
    EventType(
        "auth.second_factor_enrolled",
        "Second factor set up",
        detail_keys=frozenset({"method", "recovery_codes", "replaced"}),
    ),
    EventType(
        "auth.recovery_code_used",
        "Recovery code used",
        detail_keys=frozenset({"codes_left", "method"}),
    ),
    EventType(
        "auth.recovery_codes_generated", "New recovery codes made", detail_keys=frozenset({"count"})
    ),
    EventType("auth.passkey_added", "Passkey added"),
    EventType("auth.passkey_removed", "Passkey removed"),
    EventType("auth.password_changed", "Password changed"),
    EventType(
        "auth.password_reset_requested",
        "Password reset asked for",
        USER,
        frozenset({"known_account", "sent"}),
    ),
    EventType("auth.password_reset_completed", "Password reset", USER),
    EventType(
        "users.created",
        "Staff account created",
        USER,
        frozenset({"by", "role", "team_id"}),
        identifies_person=True,
    ),
    EventType(
        "users.updated", "Staff account changed", USER, frozenset({"fields", "role", "team_id"})
    ),
    EventType("users.deactivated", "Staff account deactivated", USER),
    EventType("users.reactivated", "Staff account reactivated", USER),
    EventType("users.unlocked", "Staff account unlocked", USER, frozenset({"records"})),
    EventType(
        "users.second_factor_reset",
        "Staff account's second factor reset",
        USER,
        frozenset({"authenticator_apps", "passkeys", "recovery_codes"}),
    ),
    EventType("users.set_password_email_sent", "Set-password e-mail sent", USER),
    EventType("teams.created", "Team created", TEAM),
    EventType("teams.renamed", "Team renamed", TEAM),
]
