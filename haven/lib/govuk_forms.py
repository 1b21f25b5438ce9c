"""Map Django form fields onto GOV.UK Frontend macro parameters.

Templates call `govuk_field(form.x)` for the parameters and `govuk_component(form.x)` for which
macro to use (see templates/macros/forms.html). Keeping the mapping in Python lets every form
share one tested translation, so errors, hints and typed values are never lost.
"""

import datetime as dt
from typing import Any

from django import forms
from django.forms.boundfield import BoundField


class GovukDateWidget(forms.MultiWidget):
    """Day / month / year boxes, as the GOV.UK date input pattern asks."""

    template_name = "django/forms/widgets/multiwidget.html"

    def __init__(self, attrs: dict | None = None) -> None:
        # Keys become name suffixes, so the inputs are named "dob-day", "dob-month", "dob-year",
        # exactly as the GOV.UK date input macro names them.
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)
        self.widgets_names = ["-day", "-month", "-year"]

    def decompress(self, value: Any) -> list:
        if value:
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date typed as three numbers, with the specific messages GOV.UK recommends."""

    widget = GovukDateWidget

    def __init__(self, **kwargs: Any) -> None:
        # Parts are optional one by one so that compress() can name exactly what is missing.
        fields = tuple(forms.CharField(required=False) for _ in range(3))
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def compress(self, data_list: list) -> Any:
        if not data_list or not any(data_list):
            return None
        label = (self.label or "The date").strip()
        day, month, year = (str(part or "").strip() for part in data_list)
        missing = [
            name for name, part in (("day", day), ("month", month), ("year", year)) if not part
        ]
        if missing:
            raise forms.ValidationError(f"{label} must include a {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise forms.ValidationError(f"{label} must be a real date, written in numbers")
        if len(year) != 4:
            raise forms.ValidationError("Year must include 4 numbers")
        try:
            return dt.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            # date() raises OverflowError, not ValueError, for parts of 2**31 and above.
            raise forms.ValidationError(f"{label} must be a real date") from None


GENERIC_REQUIRED = "This field is required."


def specific_message(bound: BoundField, message: object) -> str:
    """Replace Django's generic "This field is required." with what GOV.UK asks for."""
    if str(message) != GENERIC_REQUIRED:
        return str(message)
    label = str(bound.label or bound.name).strip()
    if label.endswith("?"):
        return f"Answer the question: {label}"
    subject = label[:1].lower() + label[1:]
    kind = component_for(bound)
    if kind in ("radios", "select", "checkboxes", "checkbox"):
        return f"Select {subject}"
    if kind == "file":
        return f"Choose {subject}"
    return f"Enter {subject}"


def component_for(bound: BoundField) -> str:
    widget = bound.field.widget
    if isinstance(widget, GovukDateWidget):
        return "date"
    # CheckboxSelectMultiple subclasses RadioSelect, so it must be tested first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    if isinstance(widget, forms.PasswordInput):
        return "password"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


def error_list(form: forms.BaseForm) -> list[dict[str, str]]:
    """The error summary's list: each error linked to the first input of its field."""
    items = []
    for message in form.non_field_errors():
        items.append({"text": str(message), "href": "#main-content"})
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        bound = form[name]
        target = bound.auto_id or f"id_{bound.html_name}"
        kind = component_for(bound)
        if kind == "date":
            target = f"{target}-day"
        elif kind in ("radios", "checkboxes"):
            target = f"{target}_0"
        for message in errors:
            items.append({"text": specific_message(bound, message), "href": f"#{target}"})
    return items


def _value(bound: BoundField) -> Any:
    value = bound.value()
    return "" if value is None else value


def field_params(bound: BoundField, **overrides: Any) -> dict[str, Any]:
    """Parameters for the GOV.UK macro matching the field's widget."""
    field = bound.field
    kind = component_for(bound)
    field_id = bound.auto_id or f"id_{bound.html_name}"
    label_text = str(bound.label) if bound.label else ""
    hint = {"text": str(field.help_text)} if field.help_text else None
    error = (
        {"text": " ".join(specific_message(bound, e) for e in bound.errors)}
        if bound.errors
        else None
    )
    attrs = {k: v for k, v in field.widget.attrs.items() if k not in {"class"}}
    label_classes = overrides.pop("label_classes", "")
    is_page_heading = overrides.pop("is_page_heading", False)

    params: dict[str, Any] = {"id": field_id, "name": bound.html_name, "errorMessage": error}
    if hint:
        params["hint"] = hint

    if kind in ("input", "password", "textarea", "file", "select"):
        params["label"] = {
            "text": label_text,
            "classes": label_classes,
            "isPageHeading": is_page_heading,
        }
    else:
        params["fieldset"] = {
            "legend": {
                "text": label_text,
                "classes": label_classes or "govuk-fieldset__legend--s",
                "isPageHeading": is_page_heading,
            }
        }

    if kind in ("input", "password"):
        value = _value(bound)
        params["value"] = "" if kind == "password" else value
        input_type = getattr(field.widget, "input_type", "text")
        params["type"] = "text" if kind == "password" else input_type
        if kind == "password":
            params["type"] = "password"
        if input_type == "number":
            params["type"] = "text"
            params["inputmode"] = "numeric"
        if "autocomplete" in attrs:
            params["autocomplete"] = attrs.pop("autocomplete")
        if "spellcheck" in attrs:
            params["spellcheck"] = attrs.pop("spellcheck") in (True, "true")
        if "inputmode" in attrs:
            params["inputmode"] = attrs.pop("inputmode")
        if "classes" in attrs:
            params["classes"] = attrs.pop("classes")
        params["attributes"] = attrs
    elif kind == "textarea":
        params["value"] = _value(bound)
        params["rows"] = attrs.pop("rows", 5)
        attrs.pop("cols", None)
        params["attributes"] = attrs
    elif kind == "file":
        params["attributes"] = attrs
    elif kind == "select":
        current = str(_value(bound))
        params["items"] = [
            {"value": str(v), "text": str(t), "selected": str(v) == current}
            for v, t in getattr(field, "choices", [])
        ]
    elif kind in ("radios", "checkboxes"):
        raw = bound.value()
        chosen = {str(v) for v in raw} if isinstance(raw, list | tuple) else {str(raw)}
        params["idPrefix"] = field_id
        params["items"] = [
            {
                "value": str(v),
                "text": str(t),
                ("checked"): str(v) in chosen,
                "id": f"{field_id}_{index}",
            }
            for index, (v, t) in enumerate(getattr(field, "choices", []))
            if not (kind == "radios" and v == "")
        ]
        if kind == "radios" and attrs.get("classes"):
            params["classes"] = attrs["classes"]
        exclusive = set(attrs.get("exclusive", ()))
        if kind == "checkboxes" and exclusive:
            # GOV.UK's "or" divider and exclusive boxes ("None", "Not known"): with JavaScript,
            # ticking one unticks the rest; without it, the form's own check refuses the mix.
            items: list[dict[str, Any]] = []
            for item in params["items"]:
                if item["value"] in exclusive:
                    if not any("behaviour" in before for before in items):
                        items.append({"divider": "or"})
                    item["behaviour"] = "exclusive"
                items.append(item)
            params["items"] = items
    elif kind == "checkbox":
        params["idPrefix"] = field_id
        params["items"] = [
            {
                "value": "on",
                "text": label_text,
                "checked": bool(bound.value()),
                "id": field_id,
            }
        ]
        params["fieldset"] = None
        params["name"] = bound.html_name
    elif kind == "date":
        values = bound.value() or [None, None, None]
        if not isinstance(values, list | tuple):
            values = field.widget.decompress(values)
        names = ("day", "month", "year")
        params["idPrefix"] = field_id
        params["namePrefix"] = bound.html_name
        error_class = " govuk-input--error" if bound.errors else ""
        params["items"] = [
            {
                "id": f"{field_id}-{names[index]}",
                "name": names[index],
                "label": names[index].capitalize(),
                "value": "" if values[index] is None else str(values[index]),
                "classes": ("govuk-input--width-4" if index == 2 else "govuk-input--width-2")
                + error_class,
                "inputmode": "numeric",
            }
            for index in range(3)
        ]
    params.update(overrides)
    return params
