#!/usr/bin/env python3
"""Writes an OpenDocument spreadsheet from a folder of CSV files named after the sheets, with
typed cells (dates as dates, numbers as numbers), so that the tests read the same workbook as
.ods that `convgen export` writes as .xlsx: `csv-to-ods.py CSV_DIR BOOK.ods`. Standard library
only; the output is byte-identical from run to run."""
import csv, re, sys, zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ORDER = ["conventions", "partenaires", "signataires", "axes", "actions", "financements", "articles", "sous-articles", "annexes", "annexe"]

def cell(text):
    if text == "":
        return "<table:table-cell/>"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return f'<table:table-cell office:value-type="date" office:date-value="{text}"><text:p>{text}</text:p></table:table-cell>'
    if re.fullmatch(r"-?\d+(\.\d+)?", text) and not re.fullmatch(r"\d{9}", text):
        return f'<table:table-cell office:value-type="float" office:value="{text}"><text:p>{text}</text:p></table:table-cell>'
    lines = "".join(f"<text:p>{escape(line)}</text:p>" for line in text.split("\n"))
    return f'<table:table-cell office:value-type="string">{lines}</table:table-cell>'

def main(source, target):
    tables = []
    for name in ORDER:
        path = Path(source) / f"{name}.csv"
        if not path.exists():
            continue
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        body = "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows)
        tables.append(f'<table:table table:name="{name}">{body}</table:table>')
    content = ('<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet>' + "".join(tables) + '</office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '</manifest:manifest>')
    with zipfile.ZipFile(target, "w") as z:
        for name, data, method in [("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED),
                                   ("content.xml", content, zipfile.ZIP_DEFLATED),
                                   ("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)]:
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = method
            z.writestr(info, data)

main(*sys.argv[1:])
