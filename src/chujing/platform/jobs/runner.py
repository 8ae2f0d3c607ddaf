"""The worker: claims due jobs from the database into a bounded thread pool, renews their
leases while they run, records results, and queues again the jobs of processes that died.

It runs inside each `chujing serve` process (unless `--no-worker`) and as `chujing worker`;
any number of them may share one database.
"""

import logging
import os
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from chujing.platform.db import Database
from chujing.platform.jobs import queue
from chujing.platform.jobs.kinds import Context, JobFailed, Kind, Progress, kinds
from chujing.platform.logs import describe
from chujing.platform.settings import Settings

log = logging.getLogger("chujing.jobs")


class Worker:
    """One process's job runner."""

    def __init__(
        self,
        settings: Settings,
        *,
        threads: int | None = None,
        database: Database | None = None,
        scheduled: bool = True,
    ) -> None:
        self.settings = settings
        self.database = database or Database(settings.database_url)
        self._own_database = database is None
        self.threads = max(1, threads or settings.worker_threads)
        self.name = f"{socket.gethostname()}:{os.getpid()}:{id(self):x}"[:128]
        self.kinds: dict[str, Kind] = kinds()
        self.scheduled = scheduled
        self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="chujing-job")
        self._running: dict[str, Progress] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._scheduler: Any = None

    @property
    def lease(self) -> float:
        """Seconds a claim lasts without a heartbeat."""
        return self.settings.job_lease_seconds

    def start(self) -> "Worker":
        """Start claiming, heartbeating and (unless told not to) scheduling."""
        for target, name in ((self._claim_loop, "claim"), (self._beat_loop, "heartbeat")):
            thread = threading.Thread(target=target, name=f"chujing-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)
        if self.scheduled:
            from chujing.platform.jobs import scheduler

            self._scheduler = scheduler.start(self.database)
        log.info("worker started", extra={"event": "worker.start", "threads": self.threads})
        return self

    def wake(self) -> None:
        """Look for work now (a job was just enqueued in this process)."""
        self._wake.set()

    def stop(self, grace: float = 10.0) -> None:
        """Stop claiming; wait up to `grace` seconds for running jobs, then hand the rest
        back to the queue for another worker."""
        self._stopping.set()
        self._wake.set()
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
        for thread in self._threads:
            thread.join(timeout=grace)
        self._pool.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            left = list(self._running)
        for job_id in left:
            queue.release(self.database, job_id=job_id, worker=self.name)
        if self._own_database:
            self.database.dispose()
        log.info("worker stopped", extra={"event": "worker.stop", "released": len(left)})

    def _free(self) -> bool:
        with self._lock:
            return len(self._running) < self.threads

    def _claim_loop(self) -> None:
        names = list(self.kinds)
        while not self._stopping.is_set():
            try:
                for job in queue.recover(self.database):
                    self._cleanup(job.kind, job.payload)
                    log.warning(
                        "job abandoned",
                        extra={"event": "job.abandoned", "job_id": job.id, "kind": job.kind},
                    )
                while self._free() and not self._stopping.is_set():
                    claimed = queue.claim(
                        self.database, worker=self.name, kinds=names, lease=self.lease
                    )
                    if claimed is None:
                        break
                    with self._lock:
                        self._running[claimed.id] = Progress()
                    self._pool.submit(self._run, claimed)
            except Exception as exc:  # the database may be briefly away; keep polling
                log.error(
                    "job poll failed", extra={"event": "job.poll_error", "error": describe(exc)}
                )
            self._wake.wait(self.settings.job_poll_seconds)
            self._wake.clear()

    def _beat_loop(self) -> None:
        interval = max(0.2, min(2.0, self.lease / 3))
        while not self._stopping.wait(interval):
            with self._lock:
                running = list(self._running.items())
            for job_id, progress in running:
                phase, count = progress.read()
                try:
                    queue.heartbeat(
                        self.database,
                        job_id=job_id,
                        worker=self.name,
                        lease=self.lease,
                        phase=phase,
                        progress=count,
                    )
                except Exception as exc:
                    log.error(
                        "heartbeat failed",
                        extra={"event": "job.heartbeat_error", "error": describe(exc)},
                    )

    def _run(self, claimed: queue.Claimed) -> None:
        with self._lock:
            progress = self._running[claimed.id]
        context = Context(
            database=self.database,
            settings=self.settings,
            job_id=claimed.id,
            attempt=claimed.attempts,
            progress=progress,
        )
        kind = self.kinds[claimed.kind]
        extra = {"job_id": claimed.id, "kind": claimed.kind, "attempt": claimed.attempts}
        log.info("job started", extra={"event": "job.start", **extra})
        try:
            result = kind.run(context, claimed.payload)
        except JobFailed as exc:
            self._fail(claimed, exc.message)
            log.info("job failed", extra={"event": "job.failed", **extra})
        except Exception as exc:
            self._fail(claimed, f"任务执行出错（{type(exc).__name__}）")
            log.error("job error", extra={"event": "job.error", "error": describe(exc), **extra})
        else:
            queue.complete(
                self.database,
                job_id=claimed.id,
                worker=self.name,
                result=result,
                progress=progress.read()[1],
            )
            log.info("job done", extra={"event": "job.done", **extra})
        finally:
            with self._lock:
                self._running.pop(claimed.id, None)
            self._wake.set()

    def _fail(self, claimed: queue.Claimed, message: str) -> None:
        queue.fail(self.database, job_id=claimed.id, worker=self.name, error=message)
        self._cleanup(claimed.kind, claimed.payload)

    def _cleanup(self, kind_name: str, payload: dict[str, Any]) -> None:
        kind = self.kinds.get(kind_name)
        if kind is not None and kind.cleanup is not None:
            kind.cleanup(self.settings, payload)
