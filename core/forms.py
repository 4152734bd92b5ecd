from django import forms
from django.core.validators import MaxLengthValidator

from core import validators as rules


def apply_input_rules(form) -> None:
    """The shared input rules on every field of a form: no date before the earliest year (with ``min`` on the input),
    no control characters in text, a maximum length on free text that has none (with a counter under a textarea)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(field, forms.DateField):
            if rules.validate_not_before_earliest_year not in field.validators:
                field.validators.append(rules.validate_not_before_earliest_year)
            kind = widget.attrs.get("type") or getattr(widget, "input_type", "")
            if kind in ("date", "month"):
                widget.attrs.setdefault("min", f"{rules.earliest_year()}-01" + ("-01" if kind == "date" else ""))
        elif isinstance(field, forms.CharField) and not isinstance(widget, forms.PasswordInput):
            multiline = isinstance(widget, forms.Textarea)
            if not any(isinstance(v, rules.TextRule) for v in field.validators):
                field.validators.append(rules.TextRule(multiline=multiline))
            # Only plain text fields: a structured field (scheme tables) checks its value after parsing it.
            if field.max_length is None and type(field).to_python is forms.CharField.to_python:
                field.max_length = rules.NOTE_MAX if multiline else rules.NAME_MAX
                field.validators.append(rules.TextMaxLength(field.max_length))
                widget.attrs.setdefault("maxlength", str(field.max_length))
            if multiline and field.max_length:
                # Count a posted CR LF as one character, as the browser's maxlength and counter do.
                field.validators = [
                    rules.TextMaxLength(v.limit_value) if type(v) is MaxLengthValidator else v for v in field.validators
                ]
                widget.attrs.setdefault("data-counter", "")


class InputRulesMixin:
    """The input rules for a form that does not take BootstrapMixin."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_input_rules(self)


class BootstrapMixin:
    """Gives every widget the Bootstrap class it needs, so templates render fields with one include."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        apply_input_rules(self)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple, forms.RadioSelect)):
                css = "form-check-input" if isinstance(widget, forms.CheckboxInput) else ""
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select"
            else:
                css = "form-control"
            if css:
                classes = widget.attrs.get("class", "")
                widget.attrs["class"] = f"{classes} {css}".strip()

    def full_clean(self):
        # Marked after cleaning, not in __init__: reading self.errors there would validate before a subclass has set
        # its querysets, and cache the wrong errors.
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"


BIGINT_MAX = 2**63 - 1


def posted_text(request, name: str, *, max_length: int | None = None) -> str:
    """A free-text POST value read without a form, as a form's CharField would take it: stripped, without control
    characters other than tab and line feed (PostgreSQL refuses NUL in text and JSON: a 500; openpyxl refuses the
    others in an export), cut to ``max_length``."""
    value = rules.strip_control(request.POST.get(name, "").replace("\r\n", "\n")).strip()
    return value[:max_length] if max_length else value


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, refusing an id beyond the database's integer range with its usual "not a valid value" message:
    Django looks such ids up with ``pk__in``, and SQLite raises OverflowError (a 500) on them."""

    def _check_values(self, value):
        for pk in value if isinstance(value, (list, tuple)) else ():
            text = str(pk).strip().lstrip("+-")
            if text.isdigit() and int(text) > BIGINT_MAX:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)
