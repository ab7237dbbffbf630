#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (fuzz/corpus/<target>/): small realistic
files. Run from fuzz/: `python3 seeds/make_seeds.py`. The output is committed; rerun after
changing this script. Only the Python standard library is used."""
import io, os, zipfile, zlib

def put(target, name, data):
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join("corpus", target, name), "wb") as f:
        f.write(data)

# --- CSV imports -------------------------------------------------------------------------
HEAD = "form,subtype,tier,status,title_id,regions"
put("import_csv", "minimal.csv", HEAD + "\nKSDPL,sister_city,mou,draft,Kukar–Kitakyushu,64.02\n")
put("import_csv", "full.csv",
    "id,form,subtype,tier,status,legal_basis,title_id,title_en,regions,partner_kinds,partner_names,"
    "partner_countries,partner_geonameids,objects,fields,sdgs,signed_on,effective_on,expires_on,"
    "open_ended,source,created_at,updated_at\n"
    "0190a5f0-8a3c-7cc2-9d1e-6f2b7a1c9e01,KSDPL,sister_city,mou,in_force,pp_28_2018,"
    "\"Kerja sama Kutai Kartanegara, Kitakyushu\",Kutai Kartanegara–Kitakyushu,64.02,"
    "foreign_regional_government,Kitakyushu,JP,1859307,education|culture,2.10|1.01,4|4.7|11.4.1,"
    "2023-03-01,2023-03-01,2028-02-28,,arsip,2023-03-02T08:00:00Z,2023-03-02T08:00:00+07:00\n"
    "0190a5f0-8a3c-7cc2-9d1e-6f2b7a1c9e02,KSDD,joint_service,pks,draft,,Pelayanan bersama,,"
    "32.73|32.04,,,,,,,,2024-01-15,,,true,,,\n")
put("import_csv", "partners_escaped.csv", HEAD + ",partner_kinds,partner_names,partner_countries\n"
    "KSDLL,other,mou,in_process,Riset,32.73,university|company,Universität A\\|B|PT \\\\ C,DE|ID\n")
put("import_csv", "misaligned.csv", HEAD + ",partner_names,partner_kinds\n"
    "KSDPL,sister_city,mou,draft,T,32.73,A|B,foreign_regional_government\n")
put("import_csv", "bad_header.csv", "\ufeffform,colour\nKSDPL,red\n")
put("import_csv", "bad_rows.csv", HEAD + ",signed_on,open_ended,partner_geonameids\n"
    "KSDPL,sister_city,mou,in_force,T,32.73,2023-02-30,maybe,12x\n"
    "KSDPL,sister_city,mou,in_force,T\n")
put("import_csv", "terminated.csv", HEAD + ",terminated_on,termination_reason,amends\n"
    "KSDPK,province_pair,kesepakatan_bersama,terminated,Akhir,32,2024-05-01,selesai,"
    "0190a5f0-8a3c-7cc2-9d1e-6f2b7a1c9e01\n")

# --- JSON imports ------------------------------------------------------------------------
put("import_json", "one.json", """[{"form":"KSDPL","subtype":"sister_city","tier":"mou","status":"in_force",
 "title_id":"Kutai Kartanegara – Kitakyushu","parties":[{"region_code":"64.02"},{"geonameid":1859307}],
 "sdgs":["4","4.7"],"fields":["2.10"],"signed_on":"2023-03-01","expires_on":"2028-02-28",
 "created_at":"2023-03-02T08:00:00Z"}]""")
put("import_json", "partners.json", """[{"id":"0190a5f0-8a3c-7cc2-9d1e-6f2b7a1c9e01","form":"KSDLL","subtype":"other",
 "tier":"loi","status":"draft","title_id":"Riset","parties":[{"region_code":"32.73"},
 {"partner":{"kind":"university","name":"TU Braunschweig","country":"DE"}},{"subdivision_code":"DE-NI"}],
 "objects":["other"],"other_object":"riset","open_ended":true}]""")
put("import_json", "wrong_shapes.json", """[{"form":3},{"parties":"64.02"},null,[],{"signed_on":"2023-13-45",
 "created_at":"kemarin","form":"KSDPL"}]""")
put("import_json", "empty.json", "[]")
put("import_json", "not_array.json", '{"form":"KSDPL"}')

# --- XLSX imports (a minimal SpreadsheetML workbook) -------------------------------------
def col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s

def esc(t):
    return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

def xlsx(rows, shared=False):
    strings = []
    out = []
    for r, row in enumerate(rows, 1):
        cells = []
        for c, v in enumerate(row):
            ref = f"{col(c)}{r}"
            if v is None:
                continue
            if isinstance(v, tuple):  # (kind, raw): n = number, d = date serial, e = error
                kind, raw = v
                if kind == "n":
                    cells.append(f'<c r="{ref}"><v>{raw}</v></c>')
                elif kind == "d":
                    cells.append(f'<c r="{ref}" s="1"><v>{raw}</v></c>')
                elif kind == "e":
                    cells.append(f'<c r="{ref}" t="e"><v>{raw}</v></c>')
                elif kind == "b":
                    cells.append(f'<c r="{ref}" t="b"><v>{raw}</v></c>')
            elif shared:
                strings.append(v)
                cells.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{esc(v)}</t></is></c>')
        out.append(f'<row r="{r}">{"".join(cells)}</row>')
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main"><sheetData>' + "".join(out) + "</sheetData></worksheet>")
    ns = "http://schemas.openxmlformats.org"
    files = {
        "[Content_Types].xml": f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{ns}/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            + ('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' if shared else "")
            + "</Types>",
        "_rels/.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{ns}/spreadsheetml/2006/main" '
            f'xmlns:r="{ns}/officeDocument/2006/relationships"><sheets><sheet name="Kerja sama" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{ns}/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            + (f'<Relationship Id="rId3" Type="{ns}/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' if shared else "")
            + "</Relationships>",
        "xl/styles.xml": f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{ns}/spreadsheetml/2006/main">'
            '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
            '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": sheet,
    }
    if shared:
        files["xl/sharedStrings.xml"] = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{ns}/spreadsheetml/2006/main" '
            f'count="{len(strings)}" uniqueCount="{len(strings)}">' + "".join(f"<si><t>{esc(s)}</t></si>" for s in strings) + "</sst>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            z.writestr(name, content)
    return buf.getvalue()

H = ["form", "subtype", "tier", "status", "title_id", "regions", "partner_geonameids", "sdgs", "signed_on", "expires_on"]
good = ["KSDPL", "sister_city", "mou", "in_force", "Kukar–Kitakyushu", "64.02", ("n", "1859307"), "4|11", ("d", "44986"), "2028-02-28"]
put("import_xlsx", "one_row.xlsx", xlsx([H, good]))
put("import_xlsx", "shared_strings.xlsx", xlsx([H, good, [None] * 10, good[:6] + ["x", ("n", "4.7"), ("b", "1"), ("e", "#N/A")]], shared=True))
put("import_xlsx", "unknown_header.xlsx", xlsx([["colour", None, "form"], ["red", "extra", "KSDPL"]]))

# --- PDFs --------------------------------------------------------------------------------
def pdf(content, compress=False, pages=1):
    objs = ["<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [%s] /Count %d >>" % (" ".join(f"{3 + 2 * i} 0 R" for i in range(pages)), pages)]
    font = 3 + 2 * pages
    for i in range(pages):
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {4 + 2 * i} 0 R "
                    f"/Resources << /Font << /F1 {font} 0 R >> >> >>")
        body = content.encode("latin-1")
        if compress:
            body = zlib.compress(body)
            objs.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + b"\nendstream")
        else:
            objs.append(b"<< /Length %d >>\nstream\n" % len(body) + body + b"\nendstream")
    objs.append("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        o = o.encode("latin-1") if isinstance(o, str) else o
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)

put("extract_pdf", "text.pdf", pdf("BT /F1 12 Tf 72 720 Td (Nota Kesepahaman antara Kota Bandung dan Kota Suwon) Tj ET"))
put("extract_pdf", "flate.pdf", pdf("BT /F1 12 Tf 72 720 Td (Pendidikan dan kebudayaan) Tj T* [(mendidik) -250 (generasi)] TJ ET", compress=True))
put("extract_pdf", "pages.pdf", pdf("BT /F1 10 Tf 72 700 Td (Pasal 1 \\(ruang lingkup\\)) Tj ET", pages=3))
put("extract_pdf", "truncated.pdf", pdf("BT (x) Tj ET")[:200])

# --- DOCX / ODT / text -------------------------------------------------------------------
def zipped(entries, method=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, content, m in entries:
            z.writestr(name, content, compress_type=m if m is not None else method)
    return buf.getvalue()

docx_body = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
             'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Nota Kesepahaman</w:t></w:r></w:p><w:p><w:r>'
             '<w:t xml:space="preserve">pendidikan &amp; budaya</w:t><w:tab/><w:t>&#x41;&lt;b&gt;</w:t><w:br/>'
             '</w:r></w:p></w:body></w:document>')
put("extract_office", "memo.docx", zipped([
    ("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>', None),
    ("word/document.xml", docx_body, None)]))
odt_body = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text><text:h>Judul</text:h>'
            '<text:p>mendidik anak<text:tab/>dan<text:line-break/>remaja</text:p></office:text></office:body></office:document-content>')
put("extract_office", "notes.odt", zipped([
    ("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED),
    ("content.xml", odt_body, None)]))
put("extract_office", "encrypted_flag.docx", zipped([("word/document.xml", "<w:p/>", zipfile.ZIP_STORED)]))
put("extract_office", "letter.txt", "Surat minat (LoI)\nKota Bandung – Braunschweig\n")
# A small bomb: 51 MB of one letter; the reader must stop at 50 MB.
bomb = io.BytesIO()
with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    with z.open("word/document.xml", "w") as f:
        chunk = b"a" * 1_000_000
        for _ in range(51):
            f.write(chunk)
put("extract_office", "bomb.docx", bomb.getvalue())

# --- search queries ----------------------------------------------------------------------
queries = ["pendidikan", "Kitakyushu", "kitakyusu", "\"air bersih\"", "title:*", "foo:*", "title:kota",
           "names:suwon~1", "(pendidikan OR budaya) AND NOT sampah", "(unbalanced", "unbalanced)",
           "\"unterminated", "+wajib -dilarang", "title:[a TO m]", "kota^2", "100%", "*", ":", "a:b:c",
           "IN [x y]", "pasal 1: ruang lingkup", "Ärger ø ñ 日本", "text_en:education", "year:2023",
           "title:\"kerja sama\"~2", "((((", "AND OR NOT", "tahun)"]
for i, q in enumerate(queries):
    put("search_query", f"q{i:02}.txt", q)

# --- uploads: name \0 content-type \0 bytes ----------------------------------------------
ups = [(b"LoI Bandung.pdf", b"application/pdf", pdf("BT (x) Tj ET")),
       (b"../../etc/passwd", b"text/plain; charset=utf-8", b"root:x:0:0\n"),
       (b"C:\\Users\\a\\surat.exe", b"application/octet-stream", b"MZ\x90\x00"),
       ("laporan\u202efdp.exe".encode(), b"application/pdf", b"%PDF-1.7"),
       (b"surat\"; filename=x.pdf", b"image/png", b"\x89PNG\r\n\x1a\n...."),
       (b".hidden", b"", b""),
       (b"agreements.XLSX", b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
       (b"scan.tif", b"image/tiff", b"II*\x00...."),
       (b"notes.odt", b"application/vnd.oasis.opendocument.text", zipped([("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)]))]
for i, (n, ct, b) in enumerate(ups):
    put("upload", f"u{i:02}", n + b"\0" + ct + b"\0" + b)
