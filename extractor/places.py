"""Where a value stands, in the words a reviewer reads: 附件5 表5 第5行第4列 (rows and columns
counted from 1, as a person counts them in the table), or 附件3 项目支出情况 › 专项资金… for
prose. The terminal, the review page and the workbook all say it this way."""
from __future__ import annotations


def where_words(w: dict | None) -> str:
    if not w:
        return ""
    part = f"附件{w['attachment']}" if w.get("attachment") is not None else "正文"
    if w.get("row") is not None:
        table = f"表{w['table']}" if w.get("table") is not None else "表格"
        column = f"第{w['col'] + 1}列" if w.get("col") is not None else ""
        return f"{part} {table} 第{w['row'] + 1}行{column}"
    if w.get("section"):
        return f"{part} {' › '.join(w['section'])}"
    if w.get("block") is not None:
        return f"{part} 第{w['block'] + 1}段"
    return part
