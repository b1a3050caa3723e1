from django import forms

from .article_input import ArticleInputError, clean_article_text, decode_upload

ARTICLE_TEXT_OR_FILE = "Paste the article text or upload a file, not both."


class ArticleSubmitForm(forms.Form):
    title = forms.CharField(max_length=500, required=False)
    outlet = forms.CharField(max_length=200, required=False)
    url = forms.URLField(max_length=2000, required=False, label="URL", assume_scheme="https")
    author = forms.CharField(max_length=300, required=False)
    published_on = forms.DateField(
        required=False, label="Published", widget=forms.DateInput(attrs={"type": "date"})
    )
    text = forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Plain text; paragraphs on separate lines.",
    )
    upload = forms.FileField(
        required=False,
        label="…or upload a file",
        help_text=".txt or .html (the page is reduced to its main text)",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.html,.htm"}),
    )

    def clean(self):
        cleaned = super().clean()
        text, upload = cleaned.get("text") or "", cleaned.get("upload")
        if text.strip() and upload:
            raise forms.ValidationError(ARTICLE_TEXT_OR_FILE)
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
