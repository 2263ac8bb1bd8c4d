"""The corpus store: analysed articles in SQLite (default) or PostgreSQL, one SQLAlchemy code path.

Why SQLAlchemy Core and not the ORM: the rows are flat projections of an
:class:`~rawi.schema.Analysis` (which stays the source of truth, stored whole as JSON);
Core keeps the SQL visible and identical on both engines.

Invariants:
- one article = one transaction (article, its rows, search index, LSH bands, claims), so a
  killed ingest leaves either the whole article or nothing;
- ``content_hash`` is unique: adding the same article twice returns the first id;
- the schema carries a version in ``rawi_meta``; :data:`MIGRATIONS` brings older files up.
"""
from __future__ import annotations

import json
import os
from typing import Any, Callable, Optional

import sqlalchemy as sa

from . import aggregates, dedup
from .buckets import CAP, batches, open_keys, ranked
from .fold import fold
from .slim import full_analysis, pack, stored_doc, strip_text

DEFAULT_URL = "sqlite:///rawi.db"

md = sa.MetaData()

rawi_meta = sa.Table(
    "rawi_meta", md,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

articles = sa.Table(
    "articles", md,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("url", sa.Text),
    sa.Column("title", sa.Text),
    sa.Column("outlet", sa.String(200), index=True),
    sa.Column("published", sa.String(40), index=True),  # ISO date (or datetime) as text: sorts right
    sa.Column("path", sa.Text),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("raw", sa.Text),  # the input as given, before v7 (since: raw_z)
    sa.Column("analysis", sa.Text, nullable=False),  # Analysis JSON without its text, v6 ("" since v7: analysis_z)
    sa.Column("n_attributions", sa.Integer, nullable=False, default=0),
    sa.Column("minhash", sa.LargeBinary),
    sa.Column("cluster_id", sa.Integer, index=True),  # story cluster: id of its first article
    sa.Column("dup_of", sa.Integer),  # the most similar earlier article, when a near-duplicate
    sa.Column("dup_similarity", sa.Float),
    # v7: the Analysis JSON (the source of truth, without its text) and the raw input, zlib-compressed
    # (rawi.corpus.slim): read whole per article, never searched in SQL.
    sa.Column("analysis_z", sa.LargeBinary),
    sa.Column("raw_z", sa.LargeBinary),
)

claims_t = sa.Table(
    "claims", md,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("content", sa.Text, nullable=False),  # the first content seen, as written
    sa.Column("fold", sa.Text, nullable=False),
    sa.Column("terms", sa.Text, nullable=False),
    sa.Column("numbers", sa.Text, nullable=False, default=""),
    sa.Column("entities", sa.Text, nullable=False, default=""),
    sa.Column("minhash", sa.LargeBinary),  # unused since bands are stored (kept: schema v1)
)

attributions = sa.Table(
    "attributions", md,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("idx", sa.Integer, nullable=False),  # Attribution.id inside the article
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("source_kind", sa.String(20), nullable=False, index=True),
    sa.Column("source_name_en", sa.Text),
    sa.Column("source_fold", sa.Text),
    sa.Column("source_resolved", sa.Text),  # what a pronoun source ("وی") refers to, else the source (v3)
    sa.Column("cue", sa.Text),
    sa.Column("cue_lemma", sa.Text),
    sa.Column("stance", sa.String(20)),
    sa.Column("hedged", sa.Boolean, nullable=False, default=False),
    sa.Column("mode", sa.String(20)),
    sa.Column("content", sa.Text, nullable=False),
    sa.Column("content_start", sa.Integer),
    sa.Column("content_end", sa.Integer),
    sa.Column("chain", sa.Text),  # JSON list: outlet ← relays ← source
    sa.Column("claim_id", sa.Integer, sa.ForeignKey("claims.id"), index=True),
    sa.Column("claim_score", sa.Float),
)

entities = sa.Table(
    "entities", md,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("label", sa.String(10), nullable=False, index=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("fold", sa.Text, nullable=False),
    sa.Column("name_en", sa.Text),
    sa.Column("start", sa.Integer),
    sa.Column("end", sa.Integer),
)

places = sa.Table(
    "places", md,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("fold", sa.Text, nullable=False),
    sa.Column("name_en", sa.Text),
    sa.Column("lat", sa.Float),
    sa.Column("lon", sa.Float),
    sa.Column("country_code", sa.String(8)),
    sa.Column("start", sa.Integer),
    sa.Column("end", sa.Integer),
)

# LSH bands of article and claim MinHash signatures: kind 'a' (article) or 'c' (claim). An item
# is filed once per key (rawi.corpus.buckets.open_keys), so (kind, key, item_id) is the key; in
# SQLite the table is that index (WITHOUT ROWID, v7) instead of a table beside it.
lsh = sa.Table(
    "lsh", md,
    sa.Column("kind", sa.String(1), primary_key=True),
    sa.Column("key", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("item_id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Index("ix_lsh_kind_item", "kind", "item_id"),
    sqlite_with_rowid=False,
)

# PostgreSQL full-text: folded text with a GIN index (SQLite uses an FTS5 table instead).
search_docs = sa.Table(
    "search_docs", md,
    sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("body", sa.Text, nullable=False),
)

SCHEMA_VERSION = 7

# Statements of the ingest path, built once: SQLAlchemy then compiles each once (cache key
# included) instead of once per article.
_ID_BY_HASH = sa.select(articles.c.id).where(articles.c.content_hash == sa.bindparam("h"))
_MINHASH_BY_IDS = sa.select(articles.c.id, articles.c.minhash).where(articles.c.id.in_(sa.bindparam("ids", expanding=True)))
_CLUSTER_OF = sa.select(articles.c.cluster_id).where(articles.c.id == sa.bindparam("id"))
_INSERT_ARTICLE = articles.insert().returning(articles.c.id)
_SET_CLUSTER = articles.update().where(articles.c.id == sa.bindparam("aid")).values(cluster_id=sa.bindparam("aid"))
_CLAIM_KEYS_BY_IDS = (sa.select(claims_t.c.id, claims_t.c.terms, claims_t.c.numbers, claims_t.c.entities)
                      .where(claims_t.c.id.in_(sa.bindparam("ids", expanding=True))))
_INSERT_CLAIM = claims_t.insert().returning(claims_t.c.id, sort_by_parameter_order=True)
_NEW = 1 << 62  # refs of claims started in the article being stored: above every stored id
_LSH_ITEMS = (sa.select(lsh.c.key, lsh.c.item_id)
              .where(lsh.c.kind == sa.bindparam("kind"), lsh.c.key.in_(sa.bindparam("keys", expanding=True))))


def _m1_core(conn: sa.Connection) -> None:
    """Version 1: articles, attributions, claims, entities, places, LSH bands."""
    md.create_all(conn, tables=[rawi_meta, articles, claims_t, attributions, entities, places, lsh])


def _m2_search(conn: sa.Connection) -> None:
    """Version 2: full-text search on folded text (FTS5 on SQLite, tsvector+GIN on PostgreSQL)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(title, body, tokenize='unicode61 remove_diacritics 2')")
        rows = conn.execute(sa.select(articles.c.id, articles.c.title, articles.c.text)).all()
        for r in rows:
            conn.exec_driver_sql("INSERT INTO articles_fts(rowid, title, body) VALUES (?, ?, ?)", (r.id, fold(r.title or ""), fold(r.text)))
    else:
        md.create_all(conn, tables=[search_docs])
        # A stored tsvector: ranking reads it instead of re-parsing every matching body.
        conn.exec_driver_sql("ALTER TABLE search_docs ADD COLUMN IF NOT EXISTS tsv tsvector "
                             "GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED")
        conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_search_docs_tsv ON search_docs USING GIN (tsv)")
        rows = conn.execute(sa.select(articles.c.id, articles.c.title, articles.c.text)).all()
        for r in rows:
            conn.execute(search_docs.insert().values(article_id=r.id, body=fold((r.title or "") + "\n" + r.text)))


def _m3_resolved_sources(conn: sa.Connection) -> None:
    """Version 3: attributions.source_resolved, the antecedent of pronoun sources, backfilled."""
    cols = {c["name"] for c in sa.inspect(conn).get_columns("attributions")}
    if "source_resolved" not in cols:
        conn.exec_driver_sql("ALTER TABLE attributions ADD COLUMN source_resolved TEXT")
    packed = "analysis_z" in {c["name"] for c in sa.inspect(conn).get_columns("articles")}
    doc = articles.c.analysis_z if packed else sa.null().label("analysis_z")
    rows = conn.execute(sa.select(articles.c.id, articles.c.analysis, doc).where(articles.c.n_attributions > 0)).all()
    for r in rows:
        for at in json.loads(stored_doc(r.analysis, r.analysis_z)).get("attributions", []):
            conn.execute(attributions.update().where(attributions.c.article_id == r.id, attributions.c.idx == at["id"])
                         .values(source_resolved=_resolved(at["source"])))


def _resolved(source: dict) -> str:
    from .rows import resolved_source

    return resolved_source(source)


def _m4_bounded_buckets(conn: sa.Connection) -> None:
    """Version 4: claim bands from rare terms only, every LSH bucket capped (rawi.corpus.buckets).

    Claim bands are drawn again from the stored claim keys, in claim order, each bucket taking its
    first ``CAP["c"]`` claims; article buckets keep their first ``CAP["a"]`` articles. Claim ids and
    assignments are unchanged."""
    from .buckets import capped_bands
    from .rows import claim_bands

    conn.execute(lsh.delete().where(lsh.c.kind == "c"))
    rows = conn.execute(sa.select(claims_t.c.id, claims_t.c.terms, claims_t.c.numbers, claims_t.c.entities)
                        .order_by(claims_t.c.id)).all()
    filled: dict[int, set] = {}
    out = capped_bands(((r.id, claim_bands(r.terms, r.numbers, r.entities)) for r in rows), filled, "c")
    for chunk in batches(out, 5000):
        conn.execute(lsh.insert(), list(chunk))
    over = conn.execute(sa.select(lsh.c.key).where(lsh.c.kind == "a").group_by(lsh.c.key)
                        .having(sa.func.count() > CAP["a"])).scalars().all()
    for key in over:
        keep = conn.execute(sa.select(lsh.c.item_id).where(lsh.c.kind == "a", lsh.c.key == key)
                            .order_by(lsh.c.item_id).limit(CAP["a"])).scalars().all()
        conn.execute(lsh.delete().where(lsh.c.kind == "a", lsh.c.key == key, lsh.c.item_id.not_in(keep)))


def _m5_aggregates(conn: sa.Connection) -> None:
    """Version 5: per-claim, per-outlet, per-speaker and per-cluster counts (rawi.corpus.aggregates), filled."""
    aggregates.md.create_all(conn)
    aggregates.recompute(conn)


def _m6_text_once(conn: sa.Connection) -> None:
    """Version 6: the analysis JSON without its text (held in ``articles.text``), 500 rows at a time."""
    last = 0
    while True:
        rows = conn.execute(sa.select(articles.c.id, articles.c.analysis).where(articles.c.id > last)
                            .order_by(articles.c.id).limit(500)).all()
        if not rows:
            return
        conn.execute(articles.update().where(articles.c.id == sa.bindparam("aid")).values(analysis=sa.bindparam("doc")),
                     [{"aid": r.id, "doc": strip_text(r.analysis)} for r in rows])
        last = rows[-1].id


# External content on ``articles`` (title, text): the index holds the folded words rawi inserts, the
# table holds no copy, and Datasette finds the index from the table's own definition. Never run
# FTS5's 'rebuild' on it: that would index the unfolded columns.
FTS_EXTERNAL = ("CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(title, text, content='articles', "
                "content_rowid='id', tokenize='unicode61 remove_diacritics 2')")


def _m7_compact(conn: sa.Connection) -> None:
    """Version 7: analysis JSON and raw input compressed; SQLite's full-text index without a text copy; LSH keyed.

    The FTS5 table takes ``articles`` as external content: it keeps the index of the folded title
    and text, not a second copy of them (snippets are cut from ``articles.text``). 500 articles at a time."""
    cols = {c["name"] for c in sa.inspect(conn).get_columns("articles")}
    for name in ("analysis_z", "raw_z"):
        if name not in cols:
            conn.exec_driver_sql(f"ALTER TABLE articles ADD COLUMN {name} {'BYTEA' if conn.dialect.name == 'postgresql' else 'BLOB'}")
    sqlite = conn.dialect.name == "sqlite"
    if sqlite:
        conn.exec_driver_sql("DROP TABLE IF EXISTS articles_fts")
        conn.exec_driver_sql(FTS_EXTERNAL)
    _lsh_keyed(conn)
    last = 0
    while True:
        rows = conn.execute(sa.select(articles.c.id, articles.c.title, articles.c.text, articles.c.raw, articles.c.analysis,
                                      articles.c.analysis_z, articles.c.raw_z)
                            .where(articles.c.id > last).order_by(articles.c.id).limit(500)).all()
        if not rows:
            return
        todo = [r for r in rows if r.analysis_z is None]
        if todo:
            conn.execute(articles.update().where(articles.c.id == sa.bindparam("aid")).values(
                analysis="", analysis_z=sa.bindparam("doc"), raw=None, raw_z=sa.bindparam("rz")),
                [{"aid": r.id, "doc": pack(strip_text(r.analysis)), "rz": pack(r.raw) if r.raw_z is None else r.raw_z}
                 for r in todo])
        if sqlite:
            conn.exec_driver_sql("INSERT INTO articles_fts(rowid, title, text) VALUES (?, ?, ?)",
                                 [(r.id, fold(r.title or ""), fold(r.text)) for r in rows])
        last = rows[-1].id


def _lsh_keyed(conn: sa.Connection) -> None:
    """The LSH table keyed on (kind, key, item_id): in SQLite a WITHOUT ROWID table (copied), else a primary key."""
    pk = sa.inspect(conn).get_pk_constraint("lsh").get("constrained_columns") or []
    if pk:
        return
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("ALTER TABLE lsh RENAME TO lsh_v6")
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_lsh_kind_key")
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_lsh_kind_item")
        md.create_all(conn, tables=[lsh])
        conn.exec_driver_sql("INSERT OR IGNORE INTO lsh(kind, key, item_id) SELECT kind, key, item_id FROM lsh_v6")
        conn.exec_driver_sql("DROP TABLE lsh_v6")
    else:
        conn.exec_driver_sql("DELETE FROM lsh a USING lsh b WHERE a.ctid > b.ctid AND a.kind = b.kind "
                             "AND a.key = b.key AND a.item_id = b.item_id")
        conn.exec_driver_sql("ALTER TABLE lsh ADD PRIMARY KEY (kind, key, item_id)")
        conn.exec_driver_sql("DROP INDEX IF EXISTS ix_lsh_kind_key")


MIGRATIONS: list[tuple[int, str, Callable[[sa.Connection], None]]] = [
    (1, "core tables", _m1_core),
    (2, "full-text search", _m2_search),
    (3, "resolved pronoun sources", _m3_resolved_sources),
    (4, "bounded LSH buckets", _m4_bounded_buckets),
    (5, "aggregates kept at ingest", _m5_aggregates),
    (6, "text held once", _m6_text_once),
    (7, "compressed analysis, full-text index on external content", _m7_compact),
]


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # pragma: no cover - trivial
    # Let SQLAlchemy, not pysqlite, issue BEGIN: pysqlite does not wrap DDL in a transaction,
    # and a migration killed half-way must leave nothing behind.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: a killed process loses no committed article
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _sqlite_begin(conn: sa.Connection) -> None:
    # Writers take the write lock up front (BEGIN IMMEDIATE): a deferred transaction that read
    # first and then must upgrade its lock fails at once under a concurrent writer instead of waiting.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("rawi_write") else "BEGIN")


class Store:
    """Analysed articles, their attributions, claims, entities and places."""

    def __init__(self, url: str | None = None):
        url = url or os.environ.get("RAWI_DB") or DEFAULT_URL
        if "://" not in url:  # a bare path means a SQLite file
            url = f"sqlite:///{url}"
        if url.startswith("postgresql://") or url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url.split("://", 1)[1]
        self.url = url
        self.engine = sa.create_engine(url, future=True)
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            sa.event.listen(self.engine, "begin", _sqlite_begin)
        self.writer = self.engine.execution_options(rawi_write=True)
        self.dialect = self.engine.dialect.name
        self.migrate()

    # ----------------------------------------------------------------- schema
    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            if not sa.inspect(conn).has_table("rawi_meta"):
                return 0
            v = conn.execute(sa.select(rawi_meta.c.value).where(rawi_meta.c.key == "schema_version")).scalar()
            return int(v) if v else 0

    def migrate(self) -> int:
        """Apply pending migrations, each in its own transaction; return the version."""
        current = self.schema_version()
        for version, _name, fn in MIGRATIONS:
            if version <= current:
                continue
            with self.writer.begin() as conn:
                if self.dialect == "postgresql":  # two processes opening a new DB at once
                    conn.exec_driver_sql("SELECT pg_advisory_xact_lock(724137)")
                if sa.inspect(conn).has_table("rawi_meta"):  # another process got here first
                    v = conn.execute(sa.select(rawi_meta.c.value).where(rawi_meta.c.key == "schema_version")).scalar()
                    if v and int(v) >= version:
                        current = int(v)
                        continue
                fn(conn)
                self._set_meta(conn, "schema_version", str(version))
            current = version
        return current

    def _set_meta(self, conn: sa.Connection, key: str, value: str) -> None:
        if conn.execute(sa.select(rawi_meta.c.key).where(rawi_meta.c.key == key)).first():
            conn.execute(rawi_meta.update().where(rawi_meta.c.key == key).values(value=value))
        else:
            conn.execute(rawi_meta.insert().values(key=key, value=value))

    # ----------------------------------------------------------------- writing
    def has(self, content_hash: str) -> Optional[int]:
        """The id of the article with this content hash, if stored."""
        with self.engine.connect() as conn:
            return conn.execute(sa.select(articles.c.id).where(articles.c.content_hash == content_hash)).scalar()

    def add_analysis(self, analysis: Any, *, raw: str | None = None, content_hash: str | None = None) -> int:
        """Store one analysed article (idempotent on the content hash); return its id."""
        from .rows import article_rows

        if content_hash is not None:
            existing = self.has(content_hash)
            if existing is not None:
                self.last_add_new = False
                return existing
        return self.add_rows(article_rows(analysis, raw=raw, content_hash=content_hash))

    def add_rows(self, rows: Any) -> int:
        """Store one article from its :class:`~rawi.corpus.rows.ArticleRows`; return its id.

        Only SQL happens here (the rows were computed from the analysis, possibly on another
        machine), in one transaction: the article, its search text, bands, entities, places,
        each attribution matched to a claim, and the article's aggregate counts. About twenty
        statements per article, whatever its number of attributions, each compiled once by SQLAlchemy.
        """
        h = rows.content_hash
        self.last_add_new = False  # read by the ingest report: another writer may have stored it first
        try:
            with self.writer.begin() as conn:
                existing = conn.execute(_ID_BY_HASH, {"h": h}).scalar()
                if existing is not None:
                    return existing
                # Near-duplicate: the most similar earlier article among LSH candidates.
                found = self._lsh_items(conn, "a", rows.bands)
                cand_ids = sorted({i for ids in found.values() for i in ids})
                cands = [(r.id, r.minhash) for ids in batches(cand_ids) for r in conn.execute(_MINHASH_BY_IDS, {"ids": list(ids)})]
                match = dedup.best_match(rows.article["minhash"], cands)
                while match and not self._same_story(conn, match[0], rows.article):  # a template story, not a copy
                    cands = [c for c in cands if c[0] != match[0]]
                    match = dedup.best_match(rows.article["minhash"], cands)
                cluster = None
                if match:
                    cluster = conn.execute(_CLUSTER_OF, {"id": match[0]}).scalar()
                aid = conn.execute(_INSERT_ARTICLE, {
                    **rows.article, "cluster_id": cluster, "dup_of": match[0] if match else None,
                    "dup_similarity": match[1] if match else None}).scalar_one()
                if cluster is None:
                    conn.execute(_SET_CLUSTER, {"aid": aid})
                bands = [{"kind": "a", "key": k, "item_id": aid} for k in open_keys(rows.bands, found, "a")]
                self._index_text(conn, aid, rows)
                if rows.entities:
                    conn.execute(entities.insert(), [{"article_id": aid, **e} for e in rows.entities])
                if rows.places:
                    conn.execute(places.insert(), [{"article_id": aid, **p} for p in rows.places])
                assigned = self._assign_claims(conn, rows.claims, bands)
                if rows.attributions:  # one executemany: building an INSERT per row costs more than the row
                    conn.execute(attributions.insert(), [
                        {"article_id": aid, **at, "claim_id": cid, "claim_score": score}
                        for at, (cid, score) in zip(rows.attributions, assigned)])
                if bands:
                    conn.execute(lsh.insert(), bands)
                aggregates.add_article(conn, rows.article.get("outlet"), rows.article.get("published"),
                                       cluster if cluster is not None else aid, rows.attributions, [cid for cid, _ in assigned])
            self.last_add_new = True
            return aid
        except sa.exc.IntegrityError:
            # Another process stored the same article between our check and our insert.
            existing = self.has(h)
            if existing is None:
                raise
            return existing

    def _same_story(self, conn: sa.Connection, other_id: int, article: dict) -> bool:
        """Whether a near-duplicate candidate tells the same story (rawi.corpus.templates)."""
        from .templates import same_story

        r = conn.execute(sa.select(articles.c.title, articles.c.text).where(articles.c.id == other_id)).first()
        return r is None or same_story(article.get("title") or "", article.get("text") or "", r.title or "", r.text or "")

    def _lsh_items(self, conn: sa.Connection, kind: str, keys: Any) -> dict[int, set[int]]:
        """Stored items per LSH band key, for the given keys (one query per :data:`~rawi.corpus.buckets.BATCH` keys).

        A bucket holds at most ``CAP[kind]`` items (:mod:`rawi.corpus.buckets`); one filled
        past it (a concurrent writer) counts by its first ``CAP[kind]`` items, as if capped."""
        keys = sorted(set(keys))
        # No DISTINCT in SQL: with it SQLite prefers the (kind, item_id) index and scans every band.
        found: dict[int, set[int]] = {}
        for chunk in batches(keys):
            for k, item in conn.execute(_LSH_ITEMS, {"kind": kind, "keys": list(chunk)}).fetchall():
                found.setdefault(k, set()).add(item)
        cap = CAP[kind]
        for k, items in found.items():
            if len(items) > cap:
                found[k] = set(sorted(items)[:cap])
        return found

    def _index_text(self, conn: sa.Connection, aid: int, rows: Any) -> None:
        from .rows import search_doc

        if self.dialect == "sqlite":
            conn.exec_driver_sql("INSERT INTO articles_fts(rowid, title, text) VALUES (?, ?, ?)",
                                 (aid, rows.search_title, rows.search_body))
        else:
            conn.execute(search_docs.insert().values(article_id=aid, body=search_doc(rows)))

    def _assign_claims(self, conn: sa.Connection, claims: list, bands: list[dict]) -> list[tuple[Optional[int], Optional[float]]]:
        """(claim id, score) for each attribution's claim row (None: not matchable), in order.

        Each content joins the best-scoring claim among its best-ranked LSH candidates (at most
        :data:`~rawi.corpus.buckets.TOP`, those sharing the most band keys; ties: the oldest
        claim) or starts a new one, exactly as one attribution at a time would; but the
        candidates of all the article's attributions come from one query, claims started
        earlier in the same article are candidates for the later ones, and the new claims are
        inserted together at the end (ids in order of creation, so "oldest" is unchanged).
        Their bands are appended to ``bands`` (inserted with the article's).
        """
        from . import claims as C

        usable = [c for c in claims if c is not None]
        if not usable:
            return [(None, None)] * len(claims)
        stored = self._lsh_items(conn, "c", (k for c in usable for k in c.bands))
        keys: dict[Any, Any] = {}  # claim -> its key as stored (ClaimKey.load of the dump)
        # Only the best-ranked stored candidates of each claim are scored (buckets.ranked), so only
        # their keys are read (claims started in this article change the ranking a little: a
        # stored claim it ranks up is read when met).
        first = {id(c): ranked(c.bands, stored) for c in usable}
        ids = sorted({i for r in first.values() for i in r})
        for chunk in batches(ids):
            for r in conn.execute(_CLAIM_KEYS_BY_IDS, {"ids": list(chunk)}).fetchall():
                keys[r.id] = C.ClaimKey.load(r.terms, r.numbers, r.entities)
        # A claim started here is the ref NEW + its index: after every stored id, in order of creation.
        cands = dict(stored)  # a bucket's set is copied only when a claim started here joins it
        touched: set[int] = set()
        new: list[tuple[Any, dict, list[int]]] = []  # (claim row, dumped key, filed band keys) of claims started here
        out: list[tuple[Any, Optional[float]]] = []
        for c in claims:
            if c is None:
                out.append((None, None))
                continue
            best = None
            refs = ranked(c.bands, cands) if touched.intersection(c.bands) else first[id(c)]
            for ref in refs:  # stored ids, then new ones in order
                if ref not in keys:  # a stored claim ranked up by the buckets' new members (rare)
                    r = conn.execute(_CLAIM_KEYS_BY_IDS, {"ids": [ref]}).one()
                    keys[ref] = C.ClaimKey.load(r.terms, r.numbers, r.entities)
                s = C.match_score(c.key, keys[ref])
                if s is not None and (best is None or s > best[1]):
                    best = (ref, s)
            if best:
                out.append(best)
                continue
            ref = _NEW + len(new)
            d = c.key.dump()
            filed = open_keys(c.bands, cands, "c")  # full buckets take no more claims
            new.append((c, d, filed))
            keys[ref] = C.ClaimKey.load(d["terms"], d["numbers"], d["entities"])
            for k in filed:
                cands[k] = cands.get(k, set()) | {ref}
                touched.add(k)
            out.append((ref, 1.0))
        new_ids: list[int] = []
        if new:
            new_ids = list(conn.execute(_INSERT_CLAIM, [
                {"content": c.content, "fold": fold(c.content), **d} for c, d, _ in new]).scalars())
            for (_, _, filed), cid in zip(new, new_ids):
                bands.extend({"kind": "c", "key": k, "item_id": cid} for k in filed)
        return [(None, None) if ref is None else (ref if ref < _NEW else new_ids[ref - _NEW], score)
                for ref, score in out]

    def _assign_claim(self, conn: sa.Connection, content: str, entity_texts: list[str],
                      speaker: str = "") -> tuple[Optional[int], Optional[float]]:
        """The claim this content repeats (LSH candidates, then :func:`claims.match_score`), or a new one."""
        from .rows import claim_row

        bands: list[dict] = []
        [assigned] = self._assign_claims(conn, [claim_row(content, entity_texts, speaker)], bands)
        if bands:
            conn.execute(lsh.insert(), bands)
        return assigned

    def rebuild_claims(self) -> int:
        """Match every stored attribution again (after the matcher changed), in article order.

        One transaction: the claims are either all rebuilt or untouched. Returns the claim count.
        """
        from .rows import claim_speaker

        with self.writer.begin() as conn:
            conn.execute(attributions.update().values(claim_id=None, claim_score=None))
            conn.execute(lsh.delete().where(lsh.c.kind == "c"))
            conn.execute(claims_t.delete())
            ents: dict[int, list] = {}
            for e in conn.execute(sa.select(entities.c.article_id, entities.c.text, entities.c.start, entities.c.end)
                                  .where(entities.c.label.in_(("PER", "ORG", "LOC", "FAC", "NORP")))):
                ents.setdefault(e.article_id, []).append(e)
            rows = conn.execute(sa.select(attributions.c.id, attributions.c.article_id, attributions.c.content,
                                          attributions.c.content_start, attributions.c.content_end,
                                          attributions.c.source_kind, attributions.c.source_resolved)
                                .order_by(attributions.c.article_id, attributions.c.idx)).all()
            for r in rows:
                inside = [e.text for e in ents.get(r.article_id, ())
                          if r.content_start is not None and r.content_start <= e.start and e.end <= r.content_end]
                cid, score = self._assign_claim(conn, r.content, inside, claim_speaker(r.source_kind, r.source_resolved or ""))
                conn.execute(attributions.update().where(attributions.c.id == r.id).values(claim_id=cid, claim_score=score))
            aggregates.recompute(conn, claims=None, outlets=[], clusters=[])
            return conn.execute(sa.select(sa.func.count()).select_from(claims_t)).scalar() or 0

    def delete_article(self, article_id: int) -> bool:
        """Remove one article and everything derived from it; empty claims go too."""
        with self.writer.begin() as conn:
            row = conn.execute(sa.select(articles.c.id, articles.c.cluster_id, articles.c.outlet, articles.c.title, articles.c.text)
                               .where(articles.c.id == article_id)).first()
            if row is None:
                return False
            claim_ids = {r[0] for r in conn.execute(
                sa.select(attributions.c.claim_id).where(attributions.c.article_id == article_id, attributions.c.claim_id.is_not(None)))}
            for t in (attributions, entities, places):
                conn.execute(t.delete().where(t.c.article_id == article_id))
            conn.execute(lsh.delete().where(lsh.c.kind == "a", lsh.c.item_id == article_id))
            if self.dialect == "sqlite":
                # An external-content index forgets a row given the values it indexed (fold is deterministic).
                conn.exec_driver_sql("INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', ?, ?, ?)",
                                     (article_id, fold(row.title or ""), fold(row.text)))
            else:
                conn.execute(search_docs.delete().where(search_docs.c.article_id == article_id))
            conn.execute(articles.update().where(articles.c.dup_of == article_id).values(dup_of=None, dup_similarity=None))
            conn.execute(articles.delete().where(articles.c.id == article_id))
            touched = [c for c in (row.cluster_id,) if c is not None]
            if row.cluster_id == article_id:  # the cluster is named after its first remaining member
                rest = [r[0] for r in conn.execute(sa.select(articles.c.id).where(articles.c.cluster_id == article_id).order_by(articles.c.id))]
                if rest:
                    conn.execute(articles.update().where(articles.c.cluster_id == article_id).values(cluster_id=rest[0]))
                    touched.append(rest[0])
            for cid in claim_ids:
                if conn.execute(sa.select(sa.func.count()).select_from(attributions).where(attributions.c.claim_id == cid)).scalar() == 0:
                    conn.execute(lsh.delete().where(lsh.c.kind == "c", lsh.c.item_id == cid))
                    conn.execute(claims_t.delete().where(claims_t.c.id == cid))
            aggregates.recompute(conn, claims=sorted(claim_ids), outlets=[row.outlet], clusters=touched)
        return True

    # ----------------------------------------------------------------- reading
    def get_article(self, article_id: int) -> dict | None:
        with self.engine.connect() as conn:
            r = conn.execute(sa.select(articles).where(articles.c.id == article_id)).mappings().first()
            if r is None:
                return None
            dups = [x[0] for x in conn.execute(
                sa.select(articles.c.id).where(articles.c.cluster_id == r["cluster_id"], articles.c.id != article_id).order_by(articles.c.id))]
        d = _article_row(r)
        d["analysis"] = full_analysis(stored_doc(r["analysis"], r["analysis_z"]), r["text"])
        d["text"] = r["text"]
        d["raw"] = stored_doc(r["raw"], r["raw_z"])
        d["cluster"] = dups
        return d

    def list_articles(self, *, limit: int = 50, offset: int = 0, outlet: str | None = None) -> list[dict]:
        q = sa.select(*_LIST_COLS)
        if outlet:
            from .query import outlet_labels
            q = q.where(articles.c.outlet.in_(outlet_labels(self, outlet)))
        q = q.order_by(sa.nulls_last(articles.c.published.desc()), articles.c.id.desc()).limit(limit).offset(offset)
        with self.engine.connect() as conn:
            return [_article_row(r) for r in conn.execute(q).mappings()]

    def search(self, query: str = "", *, outlet=None, source_kind=None, person=None, place=None,
               date_from=None, date_to=None, limit=50, offset=0, by_date: bool = True) -> dict:
        from .query import search

        return search(self, query, outlet=outlet, source_kind=source_kind, person=person, place=place,
                      date_from=date_from, date_to=date_to, limit=limit, offset=offset, by_date=by_date)

    def claims(self, *, limit=50, offset=0, query: str | None = None, min_outlets: int = 1) -> list[dict]:
        from .query import list_claims

        return list_claims(self, limit=limit, offset=offset, query=query, min_outlets=min_outlets)

    def claim(self, claim_id: int) -> dict | None:
        from .query import get_claim

        return get_claim(self, claim_id)

    def check(self, claim: str, *, limit: int = 30) -> dict:
        """Articles that agree with, deny or discuss ``claim``, with evidence (rawi.corpus.check)."""
        from .check import check

        return check(self, claim, limit=limit)

    def sources(self, *, outlet: str | None = None, by: str = "outlet") -> list[dict]:
        from .query import source_stats

        return source_stats(self, outlet=outlet, by=by)

    def clusters(self, *, min_size: int = 2, limit: int = 50) -> list[dict]:
        from .query import story_clusters

        return story_clusters(self, min_size=min_size, limit=limit)

    def stats(self) -> dict:
        with self.engine.connect() as conn:
            def count(t, *where):
                return conn.execute(sa.select(sa.func.count()).select_from(t).where(*where)).scalar() or 0
            n_articles = count(articles)
            n_clusters = count(aggregates.cluster_stats, aggregates.cluster_stats.c.n > 1)
            out = {
                "articles": n_articles,
                "attributions": count(attributions),
                "claims": count(claims_t),
                "entities": count(entities),
                "places": count(places),
                "outlets": conn.execute(sa.select(sa.func.count(sa.distinct(articles.c.outlet)))).scalar() or 0,
                "near_duplicates": count(articles, articles.c.dup_of.is_not(None)),
                "story_clusters": n_clusters or 0,
                "schema_version": self.schema_version(),
                "backend": self.dialect,
            }
        if self.dialect == "sqlite" and self.engine.url.database not in (None, "", ":memory:"):
            path = self.engine.url.database
            out["size_bytes"] = sum(os.path.getsize(p) for p in (path, path + "-wal") if os.path.exists(p))
        elif self.dialect == "postgresql":
            with self.engine.connect() as conn:
                out["size_bytes"] = int(sum(conn.exec_driver_sql(f"SELECT pg_total_relation_size('{t.name}')").scalar() or 0
                                            for t in (rawi_meta, articles, claims_t, attributions, entities, places, lsh, search_docs,
                                                      *aggregates.TABLES)))
        return out

    def checkpoint(self) -> None:
        """Fold SQLite's write-ahead log into the database file (after a batch)."""
        if self.dialect == "sqlite":
            raw = self.engine.raw_connection()  # outside any transaction, or the log cannot be truncated
            try:
                raw.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                raw.close()

    def close(self) -> None:
        self.engine.dispose()


_LIST_COLS = (articles.c.id, articles.c.url, articles.c.title, articles.c.outlet, articles.c.published, articles.c.path,
              articles.c.n_attributions, articles.c.cluster_id, articles.c.dup_of, articles.c.dup_similarity)


def _article_row(r: Any) -> dict:
    return {k: r[k] for k in ("id", "url", "title", "outlet", "published", "path", "n_attributions",
                              "cluster_id", "dup_of", "dup_similarity")}
