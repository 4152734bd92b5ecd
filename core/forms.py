from django import forms


class BootstrapMixin:
    """Gives every widget the Bootstrap class it needs, so templates render fields with one include."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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
    """A free-text POST value read without a form, as a form's CharField would take it: stripped, without NUL
    characters (PostgreSQL refuses them in text and JSON: a 500), cut to ``max_length``."""
    value = request.POST.get(name, "").replace("\x00", "").strip()
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
