"""Pure domain logic: no Slack, no SQLAlchemy, no APScheduler. Time comes in as ``now``."""
