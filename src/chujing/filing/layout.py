"""The format the CAC's report templates prescribe, in one place.

From the 说明 of the 数据出境风险自评估报告（模板）: Chinese text, body in 四号 (14 pt) 仿宋,
first-level headings in 黑体, second-level in 楷体 bold, digits and letters in 四号
Times New Roman, line spacing fixed at 26 pt, first-line indent of 2 characters; A4 paper,
margins 2.54 cm top and bottom, 3.18 cm left and right. The PIA templates of the standard
contract and certification routes are set the same way. The font names are those the
reviewers' Word has; LibreOffice substitutes installed CJK fonts when rendering.
"""

PAGE_WIDTH_CM = 21.0
PAGE_HEIGHT_CM = 29.7
MARGIN_TOP_BOTTOM_CM = 2.54
MARGIN_LEFT_RIGHT_CM = 3.18
BODY_PT = 14  # 四号
TITLE_PT = 22  # 二号, the report's title on its cover
TABLE_PT = 12  # 小四, so tables fit the type area
LINE_PT = 26  # 固定值 26 磅
INDENT_CHARS = 2

BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
SUBHEADING_FONT = "楷体"  # bold
LATIN_FONT = "Times New Roman"
