"""Scanning an uploaded file as a job: the upload waits in the data directory (shared by
every process) until a worker scans it, and is deleted as soon as the scan ends or fails
for good. The stored result is the scan report, which carries masked examples only."""

import os
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from chujing.platform.errors import Invalid
from chujing.platform.jobs import queue
from chujing.platform.jobs.kinds import Context, JobFailed, Kind, register
from chujing.platform.jobs.models import Job
from chujing.platform.settings import Settings

KIND = "scan.upload"
SUFFIXES = (".csv", ".tsv", ".xlsx", ".parquet", ".jsonl")
PHASE_COLUMNS = "正在识别数据列"
PHASE_PERSONS = "正在统计个人信息主体数量"


def uploads_dir(settings: Settings) -> Path:
    """Where uploads wait for their scan (private to the platform's user)."""
    directory = settings.files_dir() / "uploads"
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    return directory


def check_suffix(filename: str) -> str:
    """The upload's suffix, if the scanner reads it."""
    suffix = Path(filename).suffix.lower()
    if suffix not in SUFFIXES:
        raise Invalid(
            f"不支持的文件类型：{suffix or '无扩展名'}（支持 {'、'.join(SUFFIXES)}）", field="file"
        )
    return suffix


def save_upload(settings: Settings, filename: str, data: bytes) -> tuple[str, str]:
    """Write the upload where workers find it; returns the job id it is kept under and the
    stored file's name. Refuses a type the scanner cannot read before writing anything."""
    suffix = check_suffix(filename)
    job_id = queue.new_id()
    stored = f"{job_id}{suffix}"
    path = uploads_dir(settings) / stored
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())  # acknowledged means on disk, like the job row
    return job_id, stored


def enqueue_scan(
    db_session: Session, *, job_id: str, owner_id: int | None, filename: str, stored: str
) -> Job:
    """Queue the scan of a saved upload for `owner_id`."""
    return queue.enqueue(
        db_session,
        kind=KIND,
        job_id=job_id,
        owner_id=owner_id,
        payload={"file": stored, "filename": Path(filename).name[:200]},
        max_attempts=2,
    )


def discard(settings: Settings, payload: dict[str, Any]) -> None:
    """Delete the job's upload (a failure for good, or a job purged)."""
    (uploads_dir(settings) / Path(str(payload.get("file", ""))).name).unlink(missing_ok=True)


class _Progress:
    def __init__(self, context: Context) -> None:
        self.context = context

    def table(self, source: str, total_bytes: int | None) -> None:
        self.context.progress.set_phase(PHASE_PERSONS)

    def rows(self, n: int) -> None:
        self.context.progress.add(n)


def run(context: Context, payload: dict[str, Any]) -> dict[str, Any]:
    """Scan the upload; the report is the result, the upload is gone afterwards."""
    from chujing.scan.core import Options, scan
    from chujing.scan.errors import ScanError

    path = uploads_dir(context.settings) / Path(str(payload["file"])).name
    filename = str(payload.get("filename", path.name))
    if not path.exists():
        raise JobFailed("上传的文件已不存在，请重新上传")
    context.progress.set_phase(PHASE_COLUMNS)
    try:
        report = scan([str(path)], Options(), progress=_Progress(context))
    except ScanError as exc:
        raise JobFailed(str(exc).replace(str(path), filename)) from None
    except Exception as exc:  # a scan bug must end the job, not hang the page
        raise JobFailed(f"无法读取该文件（{type(exc).__name__}）") from None
    finally:
        path.unlink(missing_ok=True)
    return {"report": report.model_dump(mode="json")}


register(Kind(name=KIND, run=run, max_attempts=2, cleanup=discard))
