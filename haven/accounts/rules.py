"""Pure rules for signing in: no database, no request. Tested exhaustively in tests/accounts."""

import enum
import math
import re
from base64 import b32encode

from django_otp.oath import hotp

# How far back a code still counts as "expired" rather than plain wrong: ten minutes of 30-second
# steps. Telling someone their code has expired (rather than that it is wrong) sends them to look
# at their app's clock instead of retyping the same digits.
EXPIRED_LOOKBACK_STEPS = 20

_SEPARATORS = re.compile(r"[\s\-]+")


class CodeProblem(enum.StrEnum):
    WRONG = "wrong"
    EXPIRED = "expired"
    ALREADY_USED = "already_used"


def normalise_authenticator_code(typed: str) -> str:
    """People type "123 456" or "123-456" as shown by some apps; both mean 123456."""
    return _SEPARATORS.sub("", typed or "")


def is_well_formed_authenticator_code(code: str, digits: int = 6) -> bool:
    return len(code) == digits and code.isascii() and code.isdigit()


def normalise_recovery_code(typed: str) -> str:
    """Recovery codes are shown in lower case in two groups; accept any case and spacing."""
    return _SEPARATORS.sub("", typed or "").lower()


def format_recovery_code(code: str) -> str:
    """Show "abcd efgh" rather than "abcdefgh": easier to copy by hand without losing a letter."""
    return f"{code[:4]} {code[4:]}" if len(code) == 8 else code


def format_secret_for_typing(hex_key: str) -> str:
    """The TOTP secret in base32 groups of four, as authenticator apps expect it typed."""
    secret = b32encode(bytes.fromhex(hex_key)).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def time_step(at: float, step: int = 30, t0: int = 0) -> int:
    return int((at - t0) // step)


def why_code_failed(
    key: bytes,
    code: str,
    at: float,
    *,
    step: int = 30,
    t0: int = 0,
    digits: int = 6,
    drift: int = 0,
    tolerance: int = 1,
    last_used_step: int = -1,
) -> CodeProblem:
    """Explain a code the device refused, for a specific and kind message.

    ALREADY_USED: it matches a step inside the accepted window that has been used before (a code
    cannot be replayed). EXPIRED: it matches a step in the last ten minutes, before the window.
    WRONG: anything else. Callers ask only after the device has refused the code.
    """
    if not is_well_formed_authenticator_code(code, digits):
        return CodeProblem.WRONG
    typed = int(code)
    current = time_step(at, step, t0) + drift
    for offset in range(-tolerance, tolerance + 1):
        candidate = current + offset
        if candidate >= 0 and hotp(key, candidate, digits) == typed:
            return CodeProblem.ALREADY_USED if candidate <= last_used_step else CodeProblem.WRONG
    for candidate in range(
        current - tolerance - 1, current - tolerance - 1 - EXPIRED_LOOKBACK_STEPS, -1
    ):
        if candidate >= 0 and hotp(key, candidate, digits) == typed:
            return CodeProblem.EXPIRED
    return CodeProblem.WRONG


def seconds_until(locked_until_timestamp: float, now_timestamp: float) -> int:
    """Whole seconds to wait, never less than one (a "wait 0 seconds" message helps nobody)."""
    return max(1, math.ceil(locked_until_timestamp - now_timestamp))


def account_is_locked(failures: int, limit: int) -> bool:
    return limit > 0 and failures >= limit
