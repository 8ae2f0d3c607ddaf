"""File downloads answered by the API and the pages alike: one media type a format, one header."""

from fastapi.responses import Response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP = "application/zip"


def attachment(data: bytes, media_type: str, filename: str) -> Response:
    """`data` as a download saved under `filename` (an ASCII name, quoted as it stands)."""
    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
