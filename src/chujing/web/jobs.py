"""Background scans for the wizard, as the pages see them: an upload becomes a job in the
database (`chujing.platform.jobs.scans`), scanned by whichever worker process is free, and
any server process answers the page polling its progress.

A job belongs to the user who started it; raw values never leave the scan (its report
carries masked examples only).
"""

from dataclasses import dataclass

from fastapi import Request
from sqlalchemy.orm import Session

from chujing.platform.errors import Invalid
from chujing.platform.jobs import queue, scans
from chujing.platform.jobs.models import Job, JobState
from chujing.platform.settings import Settings
from chujing.scan.result import ScanReport
from chujing.web.actions import Done, attempt, read


@dataclass(frozen=True)
class ScanJob:
    """One scan: how far it is, and its report or error."""

    id: str
    filename: str
    state: str
    rows: int
    phase: str
    error: str
    report: ScanReport | None

    @property
    def done(self) -> bool:
        """Whether the scan has ended (successfully or not)."""
        return self.state in (JobState.done.value, JobState.failed.value)

    @property
    def message(self) -> str:
        """The progress line shown to the user."""
        if self.error:
            return f"扫描失败：{self.error}"
        if self.state == JobState.done.value:
            return f"扫描完成：共 {self.rows:,} 行"
        if self.state == JobState.queued.value:
            return f"排队中，已读取 {self.rows:,} 行"
        return f"{self.phase or scans.PHASE_COLUMNS}，已读取 {self.rows:,} 行"


def _view(job: Job) -> ScanJob:
    report = (job.result or {}).get("report")
    return ScanJob(
        id=job.id,
        filename=str(job.payload.get("filename", "")),
        state=job.state,
        rows=job.progress,
        phase=job.phase,
        error=job.error,
        report=ScanReport.model_validate(report) if report is not None else None,
    )


async def start(request: Request, owner: int, filename: str, data: bytes) -> Done[str]:
    """Keep the upload in the data directory and queue its scan; the job's id, or why not."""
    settings: Settings = request.app.state.settings
    try:
        job_id, stored = scans.save_upload(settings, filename, data)
    except Invalid as exc:
        return Done(error=exc.message, field="file")

    def add(db: Session) -> str:
        return scans.enqueue_scan(
            db, job_id=job_id, owner_id=owner, filename=filename, stored=stored
        ).id

    done = await attempt(request, add)
    if not done.ok:
        scans.discard(settings, {"file": stored})
    worker = getattr(request.app.state, "worker", None)
    if worker is not None:
        worker.wake()
    return done


def get(request: Request, job_id: str, owner: int) -> ScanJob | None:
    """The scan if it exists and belongs to `owner`."""

    def load(db: Session) -> ScanJob | None:
        job = queue.get(db, job_id)
        if job is None or job.kind != scans.KIND or job.owner_id != owner:
            return None
        return _view(job)

    return read(request, load)
