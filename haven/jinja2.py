"""The Jinja2 environment: Django's loader for our templates, plus the GOV.UK Frontend macros."""

from typing import Any

import jinja2
from django.conf import settings
from django.contrib.messages import get_messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone, translation
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader

from haven.lib import govuk_forms
from haven.lib.dates import format_date, format_datetime


def static_folder(path: str) -> str:
    """The address of a static folder (GOV.UK's assetPath), to which a template appends names.

    `static()` names files: production's manifest storage knows each file's fingerprinted name
    but has no entry for a folder, and would fail every page.
    """
    return settings.STATIC_URL + path.strip("/")


def url(viewname: str, *args: Any, **kwargs: Any) -> str:
    return reverse(viewname, args=args or None, kwargs=kwargs or None)


def environment(**options: Any) -> jinja2.Environment:
    base_loader = options.pop("loader")
    options["undefined"] = jinja2.ChainableUndefined
    options.setdefault("extensions", []).extend(["jinja2.ext.do", "jinja2.ext.i18n"])
    options.pop("autoescape", None)
    # Always on, whatever the settings say: case text is untrusted input.
    env = jinja2.Environment(autoescape=True, **options)
    env.loader = ChoiceLoader(
        [
            base_loader,
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    env.globals.update(
        url=url,
        static=static,
        static_folder=static_folder,
        get_messages=get_messages,
        now=timezone.now,
        govuk_field=govuk_forms.field_params,
        govuk_component=govuk_forms.component_for,
        govuk_error_list=govuk_forms.error_list,
    )
    # {{ _("...") }} and {% trans %} use Django's catalogues (the public pages' Welsh); new-style
    # gettext escapes the values put into a translation, and trusts the translation itself.
    env.install_gettext_callables(  # type: ignore[attr-defined]
        translation.gettext, translation.ngettext, newstyle=True
    )
    env.filters.update(date=format_date, datetime=format_datetime)
    return env
