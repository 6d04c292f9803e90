"""PDF/A metadata: one XMP packet and a matching Info dictionary.

PDF/A requires the XMP and the Info dictionary to agree (title, author, subject,
producer, creator tool, dates) and the XMP to declare its PDF/A part. pyHanko and other
tools rewrite XMP in ways PDFBox preflight rejects, so the final pass writes it here, once.

A tagged document claims PDF/A-2a and PDF/UA-1 (pdfuaid:part 1); pdfuaid is not one of the
schemas PDF/A predefines, so the packet declares it in a PDF/A extension schema.
"""

from __future__ import annotations

import struct
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pikepdf

from politidok import __version__
from politidok.core.docinfo import DocumentInfo

OSLO = ZoneInfo("Europe/Oslo")
PRODUCER = f"politidok {__version__} (LibreOffice, pikepdf)"
CREATOR_TOOL = "politidok"


def _escape(text: str) -> str:
    """XML character data: & < > (xml.sax.saxutils.escape, without its 24 ms import of urllib and ssl)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def document_time(info: DocumentInfo) -> datetime | None:
    """The document's date at noon, Oslo time: its fixed creation and modification time."""
    return datetime.combine(info.date, time(12, 0), tzinfo=OSLO) if info.date else None


PDFUA_EXTENSION = [
    (
        '<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"'
        ' xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"'
        ' xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">'
    ),
    '<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">',
    "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>",
    "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>",
    "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>",
    '<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">',
    "<pdfaProperty:name>part</pdfaProperty:name>",
    "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>",
    "<pdfaProperty:category>internal</pdfaProperty:category>",
    "<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>",
    "</rdf:li></rdf:Seq></pdfaSchema:property>",
    "</rdf:li></rdf:Bag></pdfaExtension:schemas>",
    "</rdf:Description>",
    '<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">',
    "<pdfuaid:part>1</pdfuaid:part>",
    "</rdf:Description>",
]


def xmp_packet(info: DocumentInfo, part: int = 2, conformance: str = "B", ua: bool = False) -> bytes:
    moment = document_time(info)
    dates = (
        [f"<xmp:{tag}>{moment.isoformat()}</xmp:{tag}>" for tag in ("CreateDate", "ModifyDate", "MetadataDate")]
        if moment
        else []
    )
    e = _escape
    dc = [
        "<dc:format>application/pdf</dc:format>",
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{e(info.title)}</rdf:li></rdf:Alt></dc:title>',
        f"<dc:language><rdf:Bag><rdf:li>{e(info.language)}</rdf:li></rdf:Bag></dc:language>",
    ]
    if info.author:
        dc.append(f"<dc:creator><rdf:Seq><rdf:li>{e(info.author)}</rdf:li></rdf:Seq></dc:creator>")
    if info.subject:
        dc.append(
            f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{e(info.subject)}</rdf:li></rdf:Alt></dc:description>'
        )
    body = "\n".join(
        [
            '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
            '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
            '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">',
            f"<pdfaid:part>{part}</pdfaid:part><pdfaid:conformance>{conformance}</pdfaid:conformance>",
            "</rdf:Description>",
            *(PDFUA_EXTENSION if ua else []),
            '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">',
            *dc,
            "</rdf:Description>",
            '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
            f"<pdf:Producer>{e(PRODUCER)}</pdf:Producer>",
            "</rdf:Description>",
            '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
            f"<xmp:CreatorTool>{CREATOR_TOOL}</xmp:CreatorTool>",
            *dates,
            "</rdf:Description>",
            "</rdf:RDF>",
            "</x:xmpmeta>",
            '<?xpacket end="w"?>',
        ]
    )
    return body.encode("utf-8")


def pdf_date(moment: datetime) -> str:
    """datetime -> PDF date string, e.g. D:20241017120000+02'00'."""
    offset = moment.strftime("%z")
    return moment.strftime("D:%Y%m%d%H%M%S") + f"{offset[:3]}'{offset[3:]}'"


def fix_icc_dates(pdf: pikepdf.Pdf, info: DocumentInfo) -> None:
    """LibreOffice's ICC output profile carries the export time: set it to the document date."""
    moment = document_time(info) or datetime(2000, 1, 1, 12, 0)
    stamp = struct.pack(">6H", moment.year, moment.month, moment.day, moment.hour, 0, 0)
    for intent in pdf.Root.get("/OutputIntents", []):
        profile = intent.get("/DestOutputProfile")
        if profile is None:
            continue
        data = bytearray(profile.read_bytes())
        if len(data) >= 36 and data[36:40] == b"acsp" and data[24:36] != stamp:
            data[24:36] = stamp
            profile.write(bytes(data))


def apply(pdf: pikepdf.Pdf, info: DocumentInfo) -> None:
    """Write XMP, Info, /Lang and viewer preferences consistently into `pdf`."""
    fix_icc_dates(pdf, info)
    tagged = "/StructTreeRoot" in pdf.Root
    stream = pikepdf.Stream(pdf, xmp_packet(info, conformance="A" if tagged else "B", ua=tagged))
    stream.Type = pikepdf.Name.Metadata
    stream.Subtype = pikepdf.Name.XML
    pdf.Root.Metadata = pdf.make_indirect(stream)
    docinfo = pikepdf.Dictionary(
        Title=pikepdf.String(info.title),
        Producer=pikepdf.String(PRODUCER),
        Creator=pikepdf.String(CREATOR_TOOL),
    )
    moment = document_time(info)
    if moment:
        docinfo.CreationDate = docinfo.ModDate = pikepdf.String(pdf_date(moment))
    if info.author:
        docinfo.Author = pikepdf.String(info.author)
    if info.subject:
        docinfo.Subject = pikepdf.String(info.subject)
    pdf.trailer.Info = pdf.make_indirect(docinfo)
    pdf.Root.Lang = pikepdf.String(info.language)
    prefs = pdf.Root.get("/ViewerPreferences") or pikepdf.Dictionary()
    prefs.DisplayDocTitle = True
    pdf.Root.ViewerPreferences = prefs
