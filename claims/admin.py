"""Moderation in the Django admin: declarative, actions call services."""

from django.contrib import admin

from . import services
from .models import Article, Claim, Speaker


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["id", "title", "outlet", "status", "progress", "is_hidden", "created_at"]
    list_filter = ["status", "is_hidden", "source", "language", "outlet"]
    search_fields = ["title", "outlet", "url", "text"]
    date_hierarchy = "created_at"
    list_select_related = ["submitted_by"]
    readonly_fields = [
        "text_hash",
        "status",
        "progress",
        "error",
        "processed_at",
        "created_at",
        "updated_at",
        "source",
        "submitted_by",
    ]
    actions = ["retry_extraction"]

    @admin.action(description="Re-run extraction for the selected failed articles")
    def retry_extraction(self, request, queryset):
        failed = list(queryset.filter(status=Article.Status.FAILED))
        for article in failed:
            services.article_retry(article=article)
        self.message_user(request, f"Queued {len(failed)} article(s) again.")


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ["id", "text", "speaker", "quote_type", "checkworthiness", "queue_state"]
    list_filter = ["queue_state", "quote_type", "is_hidden"]
    search_fields = ["text", "speaker__name", "speaker_text", "article__title"]
    list_select_related = ["speaker", "article"]
    exclude = ["embedding"]
    readonly_fields = [
        "article",
        "position",
        "sentence_start",
        "sentence_end",
        "content_start",
        "content_end",
        "speaker_start",
        "speaker_end",
        "cue_start",
        "cue_end",
        "checkworthiness",
        "checkworthiness_reasons",
        "created_at",
        "updated_at",
    ]
