"""Twenty fact-checkers taking claims at once: every claim goes out exactly once."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from claims import services
from claims.models import Claim
from claims.roles import Role
from tests.conftest import make_user, on_postgres
from tests.factories import ArticleFactory, ClaimFactory

TAKERS = 20


def take_until_empty(user, start: threading.Barrier) -> list[int]:
    """Take claims on this thread's own connection until the queue is empty."""
    try:
        start.wait()
        taken = []
        while (claim := services.claim_take_next(by=user)) is not None:
            taken.append(claim.pk)
        return taken
    finally:
        connection.close()


def run_takers(django_user_model, claim_count: int) -> None:
    users = [make_user(django_user_model, f"taker{i}", Role.FACT_CHECKER) for i in range(TAKERS)]
    article = ArticleFactory()
    claims = Claim.objects.bulk_create(
        ClaimFactory.build(article=article, position=i, checkworthiness=(i % 17) / 17)
        for i in range(claim_count)
    )
    start = threading.Barrier(TAKERS)
    with ThreadPoolExecutor(TAKERS) as pool:
        results = list(pool.map(take_until_empty, users, [start] * TAKERS))

    taken = [pk for result in results for pk in result]
    assert len(taken) == len(set(taken)) == claim_count
    assert set(taken) == {c.pk for c in claims}
    owners = {pk: user.pk for user, result in zip(users, results, strict=True) for pk in result}
    assert dict(Claim.objects.values_list("pk", "assigned_to")) == owners
    assert Claim.history.filter(history_change_reason="Taken from the queue").count() == claim_count
    # On a loaded machine one thread can drain a small queue before the others
    # get a CPU, so how many takers got work is not asserted: uniqueness is.


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_takers_on_postgresql_get_each_claim_exactly_once(django_user_model):
    run_takers(django_user_model, claim_count=400)


@pytest.mark.django_db(transaction=True)
def test_twenty_takers_on_sqlite_get_each_claim_exactly_once(django_user_model):
    if on_postgres():
        pytest.skip("the SQLite pass covers SQLite; PostgreSQL has its own test")
    run_takers(django_user_model, claim_count=150)
