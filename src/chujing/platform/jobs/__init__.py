"""Background work that survives restarts: jobs kept in the database, claimed under a lease
by whichever worker process is free, and enqueued on schedules (docs/architecture.md)."""
