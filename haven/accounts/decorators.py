"""How a view says who may open it, beyond the default (signed in, with a second factor).

Django's LoginRequiredMiddleware sends anyone not signed in to the sign-in page, and
RequireSecondFactorMiddleware sends anyone signed in without a second factor to finish signing
in. Views opt out by being marked, never by their path, so a page's URL can move (the public
site can be served on its own host) without opening or closing anything by accident.
"""

from collections.abc import Callable

from django.contrib.auth.decorators import login_not_required


def public_page[View: Callable](view: View) -> View:
    """Anyone may open this page, signed in or not (sign-in, password reset, the public site)."""
    view = login_not_required(view)
    view.second_factor_not_required = True  # type: ignore[attr-defined]
    return view


def public_site_page[View: Callable](view: View) -> View:
    """A page of the public "Get help" site: open to anyone, and it never reads, refreshes or
    ends a staff session (someone reading the help pages is not working in Haven, and the page
    must not depend on, or change, what the browser holds)."""
    view = public_page(view)
    view.leaves_staff_session_alone = True  # type: ignore[attr-defined]
    return view


def leaves_staff_session_alone(view: Callable) -> bool:
    return bool(getattr(view, "leaves_staff_session_alone", False))


def before_second_factor[View: Callable](view: View) -> View:
    """A signed-in person may open this before passing their second factor (the second-factor
    pages themselves, passkey sign-in, signing out)."""
    view.second_factor_not_required = True  # type: ignore[attr-defined]
    return view


def is_open_before_second_factor(view: Callable) -> bool:
    return bool(getattr(view, "second_factor_not_required", False))
