"""The newsroom roles, as Django groups (created by a data migration)."""


class Role:
    FACT_CHECKER = "Fact-checkers"
    EDITOR = "Editors"
    ADMIN = "Admins"

    ALL = (FACT_CHECKER, EDITOR, ADMIN)


# A role is the permission its group holds; any one of them admits to the
# desk, exports, reports and the API (fact-checkers take claims, editors
# manage the queue and review; admins hold every permission of the app).
NEWSROOM_PERMISSIONS = ("claims.take_claim", "claims.manage_queue", "claims.review_verdict")
# Reading every verdict, drafts of others included, is the reviewer's.
READ_ALL_VERDICTS = "claims.review_verdict"
