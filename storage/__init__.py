"""Persistence: SQLAlchemy 2 models, repositories, unit of work, engine set-up, Alembic migrations."""
