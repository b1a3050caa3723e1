"""Stored full-text search vectors with GIN indexes, on PostgreSQL only (issue #22).

Search used to compute to_tsvector(title || outlet || text) over every
article and claim per request (7 s at 100k claims). Each table now carries a
`search_vector` column that the database keeps up to date with a trigger, and
a GIN index on it; the rows already stored get theirs when this migration
runs. The column is not a model field: Django never reads or writes it (an
article's vector can be tens of kilobytes), claims/selectors/search.py refers
to it by name. SQLite keeps matching words with LIKE, so nothing is created
there.

A claim's vector weighs its text A, its speaker (canonical name and as
written) B and its article's title C, as the search ranked them before; a
renamed speaker or a retitled article refreshes the vectors of its claims.
An article's vector: title A, outlet B, text C.
"""

from django.db import migrations

# to_tsvector fails past 1 MB of lexemes; articles are capped far below
# (CLAIMS_MAX_ARTICLE_CHARS) but the trigger must never refuse a row.
TEXT_LIMIT = 500_000

FORWARD = f"""
ALTER TABLE claims_article ADD COLUMN search_vector tsvector;
ALTER TABLE claims_claim ADD COLUMN search_vector tsvector;

CREATE FUNCTION claims_article_search_vector(title text, outlet text, body text)
RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('english', coalesce(title, '')), 'A')
      || setweight(to_tsvector('english', coalesce(outlet, '')), 'B')
      || setweight(to_tsvector('english', left(coalesce(body, ''), {TEXT_LIMIT})), 'C')
$$;

CREATE FUNCTION claims_claim_search_vector(body text, speaker_text text,
                                           speaker_id bigint, article_id bigint)
RETURNS tsvector LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT setweight(to_tsvector('english', coalesce(body, '')), 'A')
      || setweight(to_tsvector('english', concat_ws(' ',
           (SELECT name FROM claims_speaker WHERE id = speaker_id), speaker_text)), 'B')
      || setweight(to_tsvector('english', coalesce(
           (SELECT title FROM claims_article WHERE id = article_id), '')), 'C')
$$;

CREATE FUNCTION claims_article_search_vector_set() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := claims_article_search_vector(NEW.title, NEW.outlet, NEW.text);
  RETURN NEW;
END $$;

CREATE FUNCTION claims_claim_search_vector_set() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := claims_claim_search_vector(
    NEW.text, NEW.speaker_text, NEW.speaker_id, NEW.article_id);
  RETURN NEW;
END $$;

-- Only updates of the columns a vector is made of recompute it: taking a
-- claim (queue_state, assigned_to) leaves it alone.
CREATE TRIGGER claims_article_search_vector
BEFORE INSERT OR UPDATE OF title, outlet, text, search_vector ON claims_article
FOR EACH ROW EXECUTE FUNCTION claims_article_search_vector_set();

CREATE TRIGGER claims_claim_search_vector
BEFORE INSERT OR UPDATE OF text, speaker_text, speaker_id, article_id, search_vector
ON claims_claim FOR EACH ROW EXECUTE FUNCTION claims_claim_search_vector_set();

-- A claim's vector holds its speaker's name and its article's title.
CREATE FUNCTION claims_speaker_claims_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE claims_claim SET search_vector = NULL WHERE speaker_id = NEW.id;
  RETURN NULL;
END $$;

CREATE FUNCTION claims_article_claims_search_vector() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  UPDATE claims_claim SET search_vector = NULL WHERE article_id = NEW.id;
  RETURN NULL;
END $$;

CREATE TRIGGER claims_speaker_claims_search_vector
AFTER UPDATE OF name ON claims_speaker FOR EACH ROW
WHEN (OLD.name IS DISTINCT FROM NEW.name)
EXECUTE FUNCTION claims_speaker_claims_search_vector();

CREATE TRIGGER claims_article_claims_search_vector
AFTER UPDATE OF title ON claims_article FOR EACH ROW
WHEN (OLD.title IS DISTINCT FROM NEW.title)
EXECUTE FUNCTION claims_article_claims_search_vector();
"""

# The rows stored before this migration (the triggers fire on these updates).
BACKFILL = """
UPDATE claims_article SET search_vector = NULL;
UPDATE claims_claim SET search_vector = NULL;
"""

INDEXES = """
CREATE INDEX claim_search_vector ON claims_claim USING gin (search_vector);
CREATE INDEX article_search_vector ON claims_article USING gin (search_vector);
"""

BACKWARD = """
DROP TRIGGER IF EXISTS claims_speaker_claims_search_vector ON claims_speaker;
DROP TRIGGER IF EXISTS claims_article_claims_search_vector ON claims_article;
DROP TRIGGER IF EXISTS claims_article_search_vector ON claims_article;
DROP TRIGGER IF EXISTS claims_claim_search_vector ON claims_claim;
DROP FUNCTION IF EXISTS claims_speaker_claims_search_vector();
DROP FUNCTION IF EXISTS claims_article_claims_search_vector();
DROP FUNCTION IF EXISTS claims_article_search_vector_set();
DROP FUNCTION IF EXISTS claims_claim_search_vector_set();
DROP FUNCTION IF EXISTS claims_article_search_vector(text, text, text);
DROP FUNCTION IF EXISTS claims_claim_search_vector(text, text, bigint, bigint);
ALTER TABLE claims_claim DROP COLUMN IF EXISTS search_vector;
ALTER TABLE claims_article DROP COLUMN IF EXISTS search_vector;
"""


def on_postgresql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("claims", "0015_claim_units"),
    ]

    operations = [
        migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD), elidable=False),
        migrations.RunPython(on_postgresql(BACKFILL), migrations.RunPython.noop),
        migrations.RunPython(on_postgresql(INDEXES), migrations.RunPython.noop),
    ]
