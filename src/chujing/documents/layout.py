"""The GB/T 9704-2012 page and type layout, in one place for both renderers.

A4 paper; margins 上 37 mm, 下 35 mm, 左 28 mm, 右 26 mm; title in 2号 (22 pt) 小标宋,
body in 3号 (16 pt) 仿宋, first-level headings in 3号 黑体; 22 lines per page.
No free 小标宋 or 仿宋 exists in Debian, so the fonts installed by
scripts/system-deps.sh stand in for them: Noto Serif CJK SC Bold (a heavy Song, like
小标宋), AR PL UKai (a Kai with the thin strokes of 仿宋), Noto Sans CJK SC (黑体).
"""

PAGE_WIDTH_MM = 210
PAGE_HEIGHT_MM = 297
MARGIN_TOP_MM = 37
MARGIN_BOTTOM_MM = 35
MARGIN_LEFT_MM = 28
MARGIN_RIGHT_MM = 26
TITLE_PT = 22  # 二号
BODY_PT = 16  # 三号
TABLE_PT = 12  # 小四, so tables fit the type area
LINE_PT = 28.9  # 22 lines in the 225 mm type area

TITLE_FONT = "Noto Serif CJK SC"  # bold: stands in for 方正小标宋
BODY_FONT = "AR PL UKai CN"  # stands in for 仿宋
HEADING_FONT = "Noto Sans CJK SC"  # 黑体
LETTERHEAD_PT = 26  # 发文机关标志: red, centred, above a red rule (版头)
LETTERHEAD_RGB = (0xC0, 0x00, 0x00)
