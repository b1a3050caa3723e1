"""A sentence-embedding column: pgvector on PostgreSQL, float32 bytes elsewhere."""

from __future__ import annotations

import numpy as np
from pgvector.django import VectorField


class EmbeddingField(VectorField):
    """Store a vector as `vector(n)` on PostgreSQL and as a compact BLOB on SQLite.

    SQLite keeps the same data for the in-process exact search; PostgreSQL gets
    a real pgvector column that an HNSW index can serve.
    """

    def db_type(self, connection):
        if connection.vendor == "postgresql":
            return super().db_type(connection)
        return "blob"

    def get_db_prep_value(self, value, connection, prepared=False):
        if connection.vendor == "postgresql":
            return super().get_db_prep_value(value, connection, prepared)
        if value is None:
            return None
        return np.asarray(value, dtype=np.float32).tobytes()

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        if isinstance(value, (bytes, memoryview)):
            return np.frombuffer(bytes(value), dtype=np.float32)
        return super().from_db_value(value, expression, connection)
