"""PostgreSQL storage for the index contract tests: a fresh database per test, and the ways its
tables can be damaged (the counterpart of `tests.index.damage` for backends without files)."""

from __future__ import annotations

import pytest

from index.backends import DATABASE_BACKENDS
from tests.conftest import POSTGRES_URL, _fresh_postgres_database
from tests.index.damage import damage_files

# what each damage does to the tables: a foreign stamp, the data table gone, the stamp gone
_DAMAGES = {"foreign": ["UPDATE kb_index_meta SET format = 'not an index of this program', dimension = 3"],
            "truncated": ["DROP TABLE IF EXISTS kb_index_vectors", "DROP TABLE IF EXISTS kb_index_terms"],
            "empty": ["DELETE FROM kb_index_meta"]}


def backend_params(kinds) -> list:
    """The table's kinds as parameters; those kept in PostgreSQL marked `postgres`."""
    return [pytest.param(k, marks=pytest.mark.postgres) if k in DATABASE_BACKENDS else k for k in sorted(kinds)]


def database_for(kind: str, request: pytest.FixtureRequest) -> str | None:
    """A fresh database for a PostgreSQL backend (skipped without a server), None for the others."""
    if kind not in DATABASE_BACKENDS:
        return None
    if not POSTGRES_URL:
        pytest.skip("KB_TEST_POSTGRES_URL nicht gesetzt (scripts/postgres.sh start)")
    made = _fresh_postgres_database(POSTGRES_URL)
    request.addfinalizer(lambda: next(made, None))
    return next(made)


def instances(test, request: pytest.FixtureRequest, build):
    """A contract's `make_index`: instances of the parametrized kind, on a folder or a fresh
    database (`build(kind, database, *args)`), closed after the test."""
    test.database = database_for(request.param, request)
    made = []

    def make(*args, **kwargs):
        made.append(build(request.param, test.database, *args, **kwargs))
        return made[-1]

    yield make
    for index in made:
        getattr(index, "close", lambda: None)()


def damage_tables(url: str, damage: str) -> None:
    import psycopg

    from index.pg import libpq_url

    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        for statement in _DAMAGES[damage]:
            conn.execute(statement)


class DamageFilesOrTables:
    """A contract's `damage_storage` for every backend: the files, or the database's tables."""

    database: str | None = None  # set by the test class's make_index for a PostgreSQL backend

    def damage_storage(self, folder, damage: str) -> None:
        if self.database:
            damage_tables(self.database, damage)
        else:
            damage_files(folder, damage)
