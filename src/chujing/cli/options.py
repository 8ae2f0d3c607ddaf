"""The options several commands share, each said once."""

from pathlib import Path
from typing import Annotated

import typer

DatabaseOption = Annotated[
    str | None,
    typer.Option("--database", help="数据库 URL（默认取 CHUJING_DATABASE_URL 或本地 SQLite）"),
]
JurisdictionOption = Annotated[
    str | None,
    typer.Option(
        "--jurisdiction", help="辖区配置包编码；默认取 CHUJING_JURISDICTION，再默认 chongqing"
    ),
]
ListsOption = Annotated[
    Path | None, typer.Option("--lists", help="用该目录中的清单文件替代内置负面清单")
]
