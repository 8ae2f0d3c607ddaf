"""Background scans for the wizard: an uploaded file is scanned by `chujing.scan` in a
worker thread while the page polls its progress.

Jobs live in this process's memory and belong to the user who started them; the
uploaded file is deleted as soon as the scan ends, and raw values never leave the
scan (its report carries masked examples only).
"""

import secrets
import shutil
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from chujing.scan.core import Options, scan
from chujing.scan.errors import ScanError
from chujing.scan.result import ScanReport

SUFFIXES = (".csv", ".tsv", ".xlsx", ".parquet", ".jsonl")
MAX_JOBS = 200


@dataclass
class ScanJob:
    """One scan: who started it, how far it is, and its report or error."""

    id: str
    owner: int
    filename: str
    rows: int = 0
    phase: str = "排队中"
    done: bool = False
    report: ScanReport | None = None
    error: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def message(self) -> str:
        """The progress line shown to the user."""
        if self.error:
            return f"扫描失败：{self.error}"
        if self.done:
            return f"扫描完成：共 {self.rows:,} 行"
        return f"{self.phase}，已读取 {self.rows:,} 行"

    def table(self, source: str, total_bytes: int | None) -> None:
        """Progress callback: a table starts streaming."""
        with self.lock:
            self.phase = "正在统计个人信息主体数量"

    def rows_read(self, n: int) -> None:
        """Progress callback: `n` more rows were read."""
        with self.lock:
            self.rows += n


class _Progress:
    def __init__(self, job: ScanJob) -> None:
        self.job = job

    def table(self, source: str, total_bytes: int | None) -> None:
        self.job.table(source, total_bytes)

    def rows(self, n: int) -> None:
        self.job.rows_read(n)


class ScanJobs:
    """The process's scan jobs."""

    def __init__(self) -> None:
        self._jobs: dict[str, ScanJob] = {}
        self._lock = threading.Lock()

    def start(self, owner: int, filename: str, data: bytes) -> ScanJob:
        """Save the upload to a private temporary directory and scan it in a thread."""
        suffix = Path(filename).suffix.lower()
        if suffix not in SUFFIXES:
            raise ValueError(
                f"不支持的文件类型：{suffix or '无扩展名'}（支持 {'、'.join(SUFFIXES)}）"
            )
        job = ScanJob(id=secrets.token_urlsafe(12), owner=owner, filename=Path(filename).name)
        with self._lock:
            if len(self._jobs) >= MAX_JOBS:
                finished = [k for k, j in self._jobs.items() if j.done]
                for key in finished[: len(finished) // 2 + 1]:
                    del self._jobs[key]
            self._jobs[job.id] = job
        directory = Path(tempfile.mkdtemp(prefix="chujing-scan-"))
        path = directory / f"upload{suffix}"
        path.write_bytes(data)
        threading.Thread(target=self._run, args=(job, path, directory), daemon=True).start()
        return job

    def _run(self, job: ScanJob, path: Path, directory: Path) -> None:
        job.phase = "正在识别数据列"
        try:
            report = scan([str(path)], Options(), progress=_Progress(job))
        except ScanError as exc:
            job.error = str(exc).replace(str(path), job.filename)
        except Exception as exc:  # a scan bug must end the job, not hang the page
            job.error = f"无法读取该文件（{type(exc).__name__}）"
        else:
            job.report = report
        finally:
            shutil.rmtree(directory, ignore_errors=True)
            job.done = True

    def get(self, job_id: str, owner: int) -> ScanJob | None:
        """The job if it exists and belongs to `owner`."""
        job = self._jobs.get(job_id)
        return job if job is not None and job.owner == owner else None


JOBS = ScanJobs()
