"""Alembic's migrations of the day server's database, run at start (`store.migrate`)."""
