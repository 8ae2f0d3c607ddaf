"""The API's Swagger UI at /docs, from the assets of the installed `swagger-ui-bundle-v2`
package and a start script of our own: nothing from a CDN and no inline script, so the
page runs under a strict Content-Security-Policy (`platform.headers`)."""

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

DOCS_PATH = "/docs"
START_SCRIPT = Path(__file__).with_name("swagger-start.js")

_PAGE = f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>出境 chujing 平台 API 文档</title>
<link rel="stylesheet" href="{DOCS_PATH}/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{DOCS_PATH}/assets/swagger-ui-bundle.js"></script>
<script src="{DOCS_PATH}/start.js"></script>
</body>
</html>
"""


def install_docs(app: FastAPI) -> None:
    """Serve /docs, its start script and the Swagger UI assets (left out of the schema)."""

    @app.get(DOCS_PATH, include_in_schema=False)
    async def docs() -> HTMLResponse:
        return HTMLResponse(_PAGE)

    @app.get(f"{DOCS_PATH}/start.js", include_in_schema=False)
    async def start() -> HTMLResponse:
        return HTMLResponse(START_SCRIPT.read_text(), media_type="text/javascript")

    app.mount(f"{DOCS_PATH}/assets", StaticFiles(directory=swagger_ui_path), name="docs-assets")
