"""The newsroom roles, as Django groups (created by a data migration)."""


class Role:
    FACT_CHECKER = "Fact-checkers"
    EDITOR = "Editors"
    ADMIN = "Admins"

    ALL = (FACT_CHECKER, EDITOR, ADMIN)
