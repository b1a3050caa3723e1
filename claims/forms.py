import calendar
import datetime
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .article_input import (
    UPLOAD_TOO_LARGE,
    ArticleInputError,
    clean_article_metadata,
    clean_article_text,
    clean_published_on,
    decode_text,
    decode_upload,
)
from .models import Claim, ClaimRelation, ClaimSkip, Evidence
from .ratings import rating_scale
from .services import SpanInput

# Messages are English here (tests compare them) and translated where raised.
ARTICLE_TEXT_OR_FILE = gettext_noop("Paste the article text or upload a file, not both.")
TRANSCRIPT_SUFFIXES = (".srt", ".vtt", ".tsv")
DATE_RANGE_REVERSED = gettext_noop("The start date is after the end date.")
SEARCH_MONTH_INVALID = gettext_noop("Give the month as YYYY-MM.")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def translated(choices) -> list:
    """A model's choices with their labels in the interface's language (the
    labels are marked in workbench/i18n_names.py; the models keep English)."""
    return [(value, _(label)) for value, label in choices]


class NoColon:
    """Labels without Django's trailing colon, like every other label here."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class ArticleCharField(forms.CharField):
    """A field of an article that claims.article_input cleans and checks, as
    the API and the CLI do: NUL and other control characters are removed
    there rather than refused here, and lengths are checked there (no
    browser maxlength either, which would cut a pasted title silently)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitNullCharactersValidator)
        ]


class ArticleSubmitForm(NoColon, forms.Form):
    title = ArticleCharField(required=False, label=_("Title"))
    outlet = ArticleCharField(required=False, label=_("Outlet"))
    url = ArticleCharField(required=False, label=_("URL"), widget=forms.URLInput)
    author = ArticleCharField(required=False, label=_("Author"))
    published_on = ArticleCharField(
        required=False, label=_("Published"), widget=forms.DateInput(attrs={"type": "date"})
    )
    text = ArticleCharField(
        required=False,
        strip=False,
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Plain text; paragraphs on separate lines."),
    )
    upload = forms.FileField(
        required=False,
        label=_("…or upload a file"),
        help_text=_(
            ".txt or .html (the page is reduced to its main text); a transcript as "
            ".srt, .vtt or a debate .tsv (line, speaker, text)"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.html,.htm,.srt,.vtt,.tsv"}),
    )

    def clean(self):
        cleaned = super().clean()
        text, upload = cleaned.get("text") or "", cleaned.get("upload")
        fields = ("title", "outlet", "url", "author")
        if all(name in cleaned for name in fields):
            try:
                metadata = clean_article_metadata(**{name: cleaned[name] for name in fields})
            except ArticleInputError as exc:
                self.add_error(exc.field or None, str(exc))
            else:
                cleaned.update({name: metadata[name] for name in fields})
        try:
            cleaned["published_on"] = clean_published_on(cleaned.get("published_on"))
        except ArticleInputError as exc:
            self.add_error("published_on", str(exc))
        if text.strip() and upload:
            raise forms.ValidationError(gettext(ARTICLE_TEXT_OR_FILE))
        if upload and upload.name.lower().endswith(TRANSCRIPT_SUFFIXES) and not text.strip():
            return self.clean_transcript(cleaned, upload)
        if not text.strip() and not upload and cleaned.get("url"):
            cleaned["text"] = ""  # a URL alone: the task fetches the page (issue #23)
            return cleaned
        try:
            if upload:
                decoded = decode_upload(name=upload.name, data=upload.read())
                text = decoded.text
                if not cleaned.get("title"):
                    cleaned["title"] = decoded.title
            cleaned["text"] = clean_article_text(text)
        except ArticleInputError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return cleaned


    def clean_transcript(self, cleaned: dict, upload) -> dict:
        """A caption file or debate TSV: its speaker turns become the text
        ("SPEAKER: words" a turn) and are kept beside the article (issue #23)."""
        from sources.transcripts import TranscriptError, parse_transcript

        data = upload.read()
        limit = settings.CLAIMS_MAX_UPLOAD_BYTES
        try:
            if len(data) > limit:
                raise ArticleInputError(UPLOAD_TOO_LARGE.format(size=len(data), limit=limit))
            transcript = parse_transcript(decode_text(data, name=upload.name), name=upload.name)
            cleaned["text"] = clean_article_text(transcript.render())
        except (ArticleInputError, TranscriptError) as exc:
            raise forms.ValidationError(str(exc)) from exc
        cleaned["transcript"] = transcript
        if not cleaned.get("title"):
            cleaned["title"] = Path(upload.name).stem.replace("_", " ")[:200]
        return cleaned


class QueueFilterForm(NoColon, forms.Form):
    """The desk's queue filters and sort, read from the query string."""

    SORTS = {
        "priority": (_("Priority"), None),  # the queue's own order
        "newest": (_("Newest first"), ["-created_at", "-id"]),
        "oldest": (_("Oldest first"), ["created_at", "id"]),
        "checkworthiness": (_("Most check-worthy"), ["-checkworthiness", "-id"]),
    }

    ANY_STATE = "any"

    state = forms.ChoiceField(
        required=False,
        label=_("State"),
        choices=[
            (Claim.QueueState.QUEUED, _(Claim.QueueState.QUEUED.label)),
            *[(s, _(s.label)) for s in Claim.QueueState if s != Claim.QueueState.QUEUED],
            (ANY_STATE, _("Any state")),
        ],
    )
    keyword = forms.CharField(
        required=False,
        label=_("Claim contains"),
        widget=forms.TextInput(
            attrs={"type": "search", "data-shortcut": "f", "aria-keyshortcuts": "f"}
        ),
    )
    speaker = forms.CharField(required=False, label=_("Speaker"))
    outlet = forms.CharField(required=False, label=_("Outlet"))
    date_from = forms.DateField(required=False, label=_("Published from"), widget=DATE)
    date_to = forms.DateField(required=False, label=_("Published to"), widget=DATE)
    sort = forms.ChoiceField(
        required=False, label=_("Sort"), choices=[(key, label) for key, (label, _) in SORTS.items()]
    )

    def filters(self) -> dict:
        """Return claim_list_queue's arguments (queued claims when unfiltered)."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "state": None
            if data.get("state") == self.ANY_STATE
            else data.get("state") or Claim.QueueState.QUEUED,
            "keyword": data.get("keyword") or None,
            "speaker": data.get("speaker") or None,
            "outlet": data.get("outlet") or None,
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }

    def ordering(self) -> list[str] | None:
        sort = self.cleaned_data.get("sort") if self.is_valid() else ""
        return self.SORTS.get(sort or "priority")[1]


class SkipForm(NoColon, forms.Form):
    reason = forms.ChoiceField(choices=translated(ClaimSkip.Reason.choices), label=_("Reason"))
    note = forms.CharField(required=False, label=_("Note (optional)"))

    def reason_label(self) -> str:
        return str(_(ClaimSkip.Reason(self.cleaned_data["reason"]).label)).lower()


class AssignForm(NoColon, forms.Form):
    to = forms.ModelChoiceField(queryset=None, label=_("Assign to"), empty_label=None)

    def __init__(self, *args, users=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = users


class VerdictForm(NoColon, forms.Form):
    rating = forms.ChoiceField(
        required=False,
        label=_("Rating"),
        widget=forms.Select(attrs={"data-shortcut": "v", "aria-keyshortcuts": "v"}),
    )
    headline = forms.CharField(
        max_length=300, required=False, label=_("Headline"), help_text=_("For readers.")
    )
    rationale = forms.CharField(
        required=False,
        strip=False,
        label=_("Rationale"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Markdown."),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = [("", "—")] + [
            (r.key, pgettext_lazy("rating", r.name)) for r in rating_scale()
        ]

    def content(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("rating", "headline", "rationale")}


class CorrectionForm(VerdictForm):
    note = forms.CharField(
        label=_("What changed, and why"), widget=forms.Textarea(attrs={"rows": 2})
    )


class EvidenceForm(NoColon, forms.ModelForm):
    url = forms.URLField(
        max_length=2000,
        label=_("Source URL"),
        assume_scheme="https",
        widget=forms.URLInput(attrs={"data-shortcut": "e", "aria-keyshortcuts": "e"}),
    )

    class Meta:
        model = Evidence
        fields = ["url", "title", "stance", "excerpt", "accessed_on"]
        labels = {
            "title": _("Title"),
            "stance": _("Stance"),
            "excerpt": _("Excerpt"),
            "accessed_on": _("Accessed on"),
        }
        help_texts = {"excerpt": _("The passage quoted from the source.")}
        widgets = {"excerpt": forms.Textarea(attrs={"rows": 2}), "accessed_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stance"].choices = translated(self.fields["stance"].choices)


class AttributionForm(NoColon, forms.Form):
    """One part of a claim's attribution, corrected in place.

    The text is looked up in the article unless start and end are given
    (the workspace fills them in from a selection in the article).
    """

    # part: (its name, the label of its text field)
    PARTS = {
        "speaker": (_("Speaker"), _("Speaker as written")),
        "role": (_("Role"), _("Role")),
        "cue": (_("Cue"), _("Cue")),
        "content": (_("Content"), _("Content")),
        "outlet": (_("Outlet"), _("Outlet credits, separated by ;")),
    }

    part = forms.ChoiceField(
        choices=[(part, name) for part, (name, _) in PARTS.items()], widget=forms.HiddenInput
    )
    text = forms.CharField(required=False, strip=False, widget=forms.Textarea(attrs={"rows": 2}))
    speaker_name = forms.CharField(required=False, label=_("Canonical name"), max_length=300)
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def correction(self) -> dict:
        """Return claim_correct_attribution's arguments for this part."""
        data = self.cleaned_data
        part, text = data["part"], data["text"] or ""
        span = SpanInput(text=text, start=data.get("start"), end=data.get("end"))
        if part == "speaker":
            return {"speaker": span, "speaker_name": data.get("speaker_name") or None}
        if part == "role":
            return {"speaker_role": text}
        if part == "outlet":
            return {"reported_by": [SpanInput(t.strip()) for t in text.split(";") if t.strip()]}
        return {part: span}


class RelationDecisionForm(NoColon, forms.Form):
    decision = forms.ChoiceField(choices=translated(ClaimRelation.Decision.choices))


class DateRangeForm(NoColon, forms.Form):
    date_from = forms.DateField(required=False, label=_("From"), widget=DATE)
    date_to = forms.DateField(required=False, label=_("To"), widget=DATE)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(gettext(DATE_RANGE_REVERSED))
        return cleaned

    def period(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {"date_from": data.get("date_from"), "date_to": data.get("date_to")}


class SearchForm(DateRangeForm):
    q = forms.CharField(required=False, label=_("Search"))
    speaker = forms.CharField(required=False)
    outlet = forms.CharField(required=False)
    rating = forms.CharField(required=False)
    state = forms.CharField(required=False)
    month = forms.CharField(required=False)  # a facet: "2015-10"

    def clean_month(self) -> datetime.date | None:
        """Return the month's first day."""
        month = self.cleaned_data["month"]
        try:
            return datetime.datetime.strptime(month, "%Y-%m").date() if month else None
        except ValueError as exc:
            raise forms.ValidationError(gettext(SEARCH_MONTH_INVALID)) from exc

    def filters(self) -> dict:
        """Return claim_search's arguments; a field in error is left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        period = {"date_from": data.get("date_from"), "date_to": data.get("date_to")}
        if first := data.get("month"):
            last = calendar.monthrange(first.year, first.month)[1]
            period = {"date_from": first, "date_to": first.replace(day=last)}
        return {
            "query": data.get("q", ""),
            "speaker": data.get("speaker", ""),
            "outlet": data.get("outlet", ""),
            "rating": data.get("rating", ""),
            "state": data.get("state", ""),
            **period,
        }
