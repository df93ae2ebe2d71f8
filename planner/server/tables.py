"""The database's tables (SQLAlchemy Core), portable between SQLite and PostgreSQL.

The migrations in `migrations/versions/` create them; this module is what the code reads
and writes through.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

events = sa.Table(
    "events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("role", sa.String(40), nullable=False),
    sa.Column("who", sa.String(100), nullable=False),
    sa.Column("what", sa.String(40), nullable=False),
    sa.Column("payload", sa.JSON, nullable=False),
)
"""Every action of the day, in order: the day's state is derived from these rows."""

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("role", sa.String(40), nullable=False),
    sa.Column("who", sa.String(100), nullable=False),
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("created", sa.String(40), nullable=False),
)
"""Server-side sessions; the cookie holds the token, the table only its SHA-256."""

pins = sa.Table(
    "pins",
    metadata,
    sa.Column("role", sa.String(40), primary_key=True),
    sa.Column("who", sa.String(100), primary_key=True),
    sa.Column("pin_hash", sa.String(200), nullable=False),
)
"""One argon2 hash per role (and per expert)."""

versions = sa.Table(
    "versions",
    metadata,
    sa.Column("number", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("at", sa.String(40), nullable=False),
    sa.Column("scenario_yaml", sa.Text, nullable=False),
    sa.Column("plan_json", sa.Text, nullable=False),
)
"""Each published version of the day: 0 is the imported plan."""

jobs = sa.Table(
    "jobs",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("state", sa.String(20), nullable=False),
    sa.Column("base_event", sa.Integer, nullable=False),
    sa.Column("created", sa.String(40), nullable=False),
    sa.Column("reason", sa.Text, nullable=False, default=""),
    sa.Column("scenario_yaml", sa.Text),
    sa.Column("plan_json", sa.Text),
)
"""Re-plan jobs and their results, kept until published."""
