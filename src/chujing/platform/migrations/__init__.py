"""Alembic migrations shipped inside the package (so `chujing db upgrade` works when installed)."""
