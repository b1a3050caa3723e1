"""The queue sorted newest first is read off an index (issue #22, 0023)."""

import pytest

from claims import selectors
from tests.test_scale import many_claims, plan

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def test_the_queue_newest_first_is_read_in_index_order():
    many_claims(2000)
    claims = selectors.claim_list_queue().order_by("-created_at", "-id")[:50]
    read = plan(claims)
    assert "claim_queue_newest" in read and "Sort" not in read.split("Limit")[1]
