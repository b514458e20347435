#!/usr/bin/env python3
"""Writes the crafted workbooks of tests/data/hostile/ (kept in the repository; run again
only to change them). Each is small on disk and claims, or inflates to, far more than any
convention workbook: convgen must refuse each with a message naming the sheet, quickly and
without exhausting memory (tests/cli/hostile.rs)."""

import zipfile
from pathlib import Path

HERE = Path(__file__).parent
WHEN = (2026, 1, 1, 0, 0, 0)  # fixed, so that the files are the same bytes every time

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="conventions" sheetId="1" r:id="rId1"/></sheets>
</workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""
SHEET_HEAD = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"""
SHEET_TAIL = "</sheetData></worksheet>"


def entry(book, name, chunks):
    info = zipfile.ZipInfo(name, WHEN)
    info.compress_type = zipfile.ZIP_DEFLATED
    with book.open(info, "w", force_zip64=True) as out:
        for chunk in chunks:
            out.write(chunk.encode())


def xlsx(name, sheet, strings=("<si><t>reference</t></si>",)):
    """An .xlsx of one sheet, `conventions`: `sheet` yields its XML between the head and the
    tail, `strings` the XML of its shared strings."""
    with zipfile.ZipFile(HERE / name, "w", compresslevel=9) as book:
        entry(book, "[Content_Types].xml", [CONTENT_TYPES])
        entry(book, "_rels/.rels", [RELS])
        entry(book, "xl/workbook.xml", [WORKBOOK])
        entry(book, "xl/_rels/workbook.xml.rels", [WORKBOOK_RELS])
        head = f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        entry(book, "xl/sharedStrings.xml",
              [head, *strings, "</sst>"])
        entry(book, "xl/worksheets/sheet1.xml", [SHEET_HEAD, *sheet, SHEET_TAIL])


MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""


def ods(name, table):
    """An .ods of one table, `conventions`, whose rows are `table`."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="conventions">'
        + table + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(HERE / name, "w", compresslevel=9) as book:
        mimetype = zipfile.ZipInfo("mimetype", WHEN)
        book.writestr(mimetype, "application/vnd.oasis.opendocument.spreadsheet")
        entry(book, "META-INF/manifest.xml", [MANIFEST])
        entry(book, "content.xml", [content])


def cell(ref, value):
    return f'<c r="{ref}" t="s"><v>{value}</v></c>'


# A1 and XFD1048576: two cells whose range is 17 billion cells.
xlsx("corners.xlsx", [f'<row r="1">{cell("A1", 0)}</row>',
                      f'<row r="1048576">{cell("XFD1048576", 0)}</row>'])

# A row repeated a million times, of a cell repeated 16 384 times.
ods("repeated.ods",
    '<table:table-row table:number-rows-repeated="1048576">'
    '<table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/>'
    "</table:table-row>")

# Empty cells repeated two billion times before a value, and a space repeated as often.
ods("repeated-empty.ods",
    "<table:table-row>"
    '<table:table-cell table:number-columns-repeated="2000000000"/>'
    '<table:table-cell office:value-type="string"><text:p>x<text:s text:c="2000000000"/></text:p></table:table-cell>'
    "</table:table-row>")

# A sheet that inflates to 1 GiB: forty million one-cell rows.
ROW = '<row><c t="n"><v>1</v></c></row>'
xlsx("inflated.xlsx", (ROW * 4096 for _ in range((1 << 30) // (len(ROW) * 4096))))

# One shared string of 256 MiB, and one of a million characters.
def one_string(chunks):
    return ["<si><t>", *chunks, "</t></si>"]


xlsx("huge-string.xlsx", [f'<row r="1">{cell("A1", 0)}</row>'],
     strings=one_string("a" * 4096 for _ in range(1 << 16)))
xlsx("long-string.xlsx", [f'<row r="1">{cell("A1", 0)}</row>'],
     strings=one_string(["b" * 1_000_000]))
