from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from .fetching import url_refusal
from .models import Source


class SourceForm(forms.ModelForm):
    """A feed or sitemap to watch; its address is checked as the fetcher
    will (http or https, no internal IP), not fetched here."""

    url = forms.URLField(
        label="Feed or sitemap URL",
        max_length=2000,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://example.org/feed.xml"}),
    )

    class Meta:
        model = Source
        fields = ["name", "url", "kind", "outlet", "language", "poll_minutes"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        URLValidator(schemes=["http", "https"])(url)
        refusal = url_refusal(url)
        if refusal:
            raise ValidationError(refusal)
        return url

    def clean_poll_minutes(self) -> int:
        minutes = self.cleaned_data["poll_minutes"]
        if minutes < 5:
            raise ValidationError("Check a source every 5 minutes at most often.")
        return minutes
