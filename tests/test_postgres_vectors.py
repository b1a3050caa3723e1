"""On PostgreSQL, embeddings live in a pgvector column that answers cosine queries."""

import numpy as np
import pytest
from django.db import connection
from pgvector.django import CosineDistance

from claims.models import Claim
from tests.factories import ArticleFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def unit(vector):
    vector = np.asarray(vector, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def make_claim(article, position, vector):
    return Claim.objects.create(
        article=article, position=position, text=f"claim {position}", sentence_start=0,
        sentence_end=1, content_start=0, content_end=1, quote_type="unattributed",
        embedding=vector,
    )


def test_embedding_column_is_a_pgvector_vector():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
            "WHERE attrelid = 'claims_claim'::regclass AND attname = 'embedding'"
        )
        assert cursor.fetchone()[0] == "vector(384)"


def test_nearest_claims_by_cosine_distance():
    article = ArticleFactory()
    base = np.zeros(384)
    base[0] = 1
    near, far = base.copy(), base.copy()
    near[1], far[1] = 0.1, 5.0
    make_claim(article, 0, unit(far))
    make_claim(article, 1, unit(near))
    ranked = Claim.objects.order_by(CosineDistance("embedding", unit(base).tolist()))
    assert [c.position for c in ranked] == [1, 0]
    assert np.allclose(ranked[0].embedding, unit(near), atol=1e-6)
