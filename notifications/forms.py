from django import forms

from .models import Email


class NotificationSettingForm(forms.Form):
    """One kind's choice; the settings page shows one per kind (prefix: the kind)."""

    enabled = forms.BooleanField(required=False, label="Notify me")
    email = forms.ChoiceField(choices=Email.choices, label="Email")
