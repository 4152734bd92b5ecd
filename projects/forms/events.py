"""The center's required events and trainings."""

from django import forms

from core.forms import BootstrapMixin, ModelMultipleChoiceField
from projects.forms.common import DateInput, checkbox_classes
from projects.models import RequiredEvent
from targets.models import Unit


class RequiredEventForm(BootstrapMixin, forms.ModelForm):
    units = ModelMultipleChoiceField(
        label="应参加单位", queryset=Unit.objects.filter(is_active=True), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = RequiredEvent
        fields = ["year", "kind", "title", "held_on", "place"]
        widgets = {"held_on": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        checkbox_classes(self)
