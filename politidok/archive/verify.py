"""Is a PDF ready for the archive and for e-signing? The checks of `politidok verify`.

PDF/A by PDFBox preflight (when Java is installed), PDF/UA-1 and the PDF/A level the file
claims (2a or 2b) by page-validation, fonts embedded, not encrypted, A4 portrait, at most
10 MB (the e-signing services' limit), /Lang and title set, and the signature fields the
document's signatories need. Every build runs the same checks, PDFBox only with POLITIDOK_PDFBOX=1
(its PDF/A check is page-validation's then).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

from politidok.archive import preflight
from politidok.archive.manifest import claimed_format, claims_ua

MAX_BYTES = 10 * 1024 * 1024
A4 = (595.28, 841.89)
TOLERANCE = 2.0  # points


@dataclass
class Check:
    name: str
    ok: bool | None  # None: could not be checked here
    detail: str


@dataclass
class Report:
    path: Path
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok is not False for c in self.checks)

    def text(self) -> str:
        mark = {True: "ok  ", False: "FEIL", None: "--  "}
        head = f"{self.path}: {'OK' if self.ok else 'FEIL'}"
        return "\n".join([head, *(f"  {mark[c.ok]} {c.name}: {c.detail}" for c in self.checks)])


def verify(
    paths: list[Path], expected_fields: dict[Path, list[str]], run_preflight: bool = True, pending: dict | None = None
) -> list[Report]:
    """Check every PDF; `expected_fields` names the signature fields a file must have.

    `run_preflight=False` (a build): PDF/A is checked by page-validation alone (the claimed level,
    in this process), and the report has no PDFBox line. `pending` holds preflight results
    already under way (path -> Future[preflight.Result]), as a build with POLITIDOK_PDFBOX=1
    hands each file to a running JVM the moment it is written.
    """
    pending = dict(pending or {})
    reports = [Report(p) for p in paths]
    checker = None
    if run_preflight and preflight.available():
        rest = [p for p in paths if p not in pending]
        if rest:
            checker = preflight.Preflighter()
            pending.update({p: checker.submit(p) for p in rest})
    try:
        for report in reports:  # while Java works
            report.checks += _conformance(report.path)
            report.checks += _structure(report.path, expected_fields.get(report.path, []))
        for report in reports:
            if report.path in pending:
                report.checks.insert(0, pdfbox_check(pending[report.path].result()))
            elif run_preflight:
                report.checks.insert(
                    0, Check("PDF/A", None, f"ikke kontrollert: Java/PDFBox mangler ({preflight.INSTALL_HINT})")
                )
    finally:
        if checker is not None:
            checker.close()
    return reports


def pdfbox_check(result: preflight.Result) -> Check:
    """PDFBox's verdict as a line of the report (PDFBox 2 knows PDF/A-1 rules; see archive.preflight)."""
    return Check("PDF/A", result.ok, "gyldig PDF/A (PDFBox preflight)" if result.ok else "; ".join(result.errors))


# A signature's /ByteRange covers the file as it was signed; a later signature adds a revision
# after it. page-validation 0.11 (like veraPDF before its issue #1493 was fixed) reads
# "the entire file" as the file with every revision and reports the earlier signatures.
EARLIER_SIGNATURE_RULE = "-SIGNATURE-BYTERANGE-001"


def _conformance(path: Path) -> list[Check]:
    """PDF/UA-1 and the claimed PDF/A level, by page-validation (a Rust checker from PyPI)."""
    import page

    data = path.read_bytes()
    claim = claimed_format(data) or "PDF/A-2b"
    profiles = [(claim, claim.removeprefix("PDF/A-").lower())]
    checks = []
    if claims_ua(data):
        profiles.insert(0, ("PDF/UA-1", "ua1"))
    else:  # e.g. a pack with an attachment that has no tags: PDF/A-2b, and the manifest says so
        checks.append(
            Check(
                "PDF/UA-1",
                True,
                "ikke kontrollert: filen er ikke tagget og sier ikke at den er PDF/UA "
                "(en pakke blir utagget når et vedlegg mangler tagger)",
            )
        )
    earlier = _earlier_signatures(path)
    for name, profile in profiles:
        try:
            report = page.validate_pdf(str(path), profile=profile)
        except (page.PageError, ValueError) as exc:
            checks.append(Check(name, False, f"kunne ikke kontrolleres ({exc})"))
            continue
        findings = [
            f
            for f in report.failures
            if not (
                f.rule_id.endswith(EARLIER_SIGNATURE_RULE)
                and f.object_id is not None
                and (f.object_id.object_number, f.object_id.generation) in earlier
            )
        ]
        detail = (
            f"gyldig {name} (page-validation)"
            if not findings
            else "; ".join(f"{f.rule_id}: {f.message}" for f in findings[:10])
            + (f" (og {len(findings) - 10} til)" if len(findings) > 10 else "")
        )
        checks.append(Check(name, not findings, detail))
    return checks


def _earlier_signatures(path: Path) -> set[tuple[int, int]]:
    """The signature dictionaries whose /ByteRange ends before the end of the file."""
    size = path.stat().st_size
    found = set()
    try:
        with pikepdf.open(path) as pdf:
            acroform = pdf.Root.get("/AcroForm")
            for f in acroform.get("/Fields", []) if acroform else []:
                value = f.get("/V")
                if isinstance(value, pikepdf.Dictionary) and "/ByteRange" in value:
                    ranges = [int(x) for x in value.ByteRange]
                    if len(ranges) == 4 and ranges[2] + ranges[3] < size:
                        found.add(value.objgen)
    except pikepdf.PdfError:
        pass
    return found


def _structure(path: Path, fields: list[str]) -> list[Check]:
    size = path.stat().st_size
    checks = [Check("størrelse", size <= MAX_BYTES, f"{size / 1024:.0f} kB (grense 10 MB)")]
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        return checks + [Check("kryptering", False, "filen er passordbeskyttet")]
    except pikepdf.PdfError as exc:
        return checks + [Check("lesbar", False, f"ikke en lesbar PDF ({exc})")]
    with pdf:
        checks.append(
            Check("kryptering", not pdf.is_encrypted, "ikke kryptert" if not pdf.is_encrypted else "kryptert")
        )
        checks.append(_page_size(pdf))
        checks.append(_fonts(pdf))
        lang = str(pdf.Root.get("/Lang", "")).strip()
        checks.append(Check("språk", bool(lang), f"/Lang {lang}" if lang else "mangler /Lang"))
        title = str(pdf.docinfo.get("/Title", "")).strip()
        checks.append(Check("tittel", bool(title), f"«{title}»" if title else "mangler tittel"))
        checks.append(_signature_fields(pdf, fields))
    return checks


def _page_size(pdf: pikepdf.Pdf) -> Check:
    wrong = []
    for number, page in enumerate(pdf.pages, 1):
        box = [float(v) for v in page.obj.get("/CropBox", page.mediabox)]
        width, height = abs(box[2] - box[0]), abs(box[3] - box[1])
        if int(page.obj.get("/Rotate", 0)) % 180:
            width, height = height, width
        if abs(width - A4[0]) > TOLERANCE or abs(height - A4[1]) > TOLERANCE:
            wrong.append(f"side {number} er {width:.0f}×{height:.0f} pt")
    n = len(pdf.pages)
    return Check("sideformat", not wrong, "; ".join(wrong) if wrong else f"A4 stående ({n} sider)")


def _fonts(pdf: pikepdf.Pdf) -> Check:
    seen: dict[tuple, tuple[str, bool]] = {}

    def visit_resources(resources, depth=0):
        if resources is None or depth > 10:
            return
        for font in (resources.get("/Font") or {}).values():
            seen.setdefault(font.objgen, (str(font.get("/BaseFont", "?")), _embedded(font)))
        for xobject in (resources.get("/XObject") or {}).values():
            if xobject.get("/Subtype") == pikepdf.Name.Form:
                visit_resources(xobject.get("/Resources"), depth + 1)

    for page in pdf.pages:
        visit_resources(page.obj.get("/Resources"))
        for annot in page.obj.get("/Annots", []):
            appearance = (annot.get("/AP") or {}).get("/N")
            if isinstance(appearance, pikepdf.Stream):
                visit_resources(appearance.get("/Resources"))
    missing = sorted({name for name, embedded in seen.values() if not embedded})
    if missing:
        return Check("fonter", False, "ikke innebygd: " + ", ".join(missing))
    return Check("fonter", True, f"alle {len(seen)} innebygd")


def _embedded(font: pikepdf.Dictionary) -> bool:
    if font.get("/Subtype") == pikepdf.Name.Type3:
        return True
    if font.get("/Subtype") == pikepdf.Name.Type0:
        font = font.DescendantFonts[0]
    descriptor = font.get("/FontDescriptor")
    return descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def _signature_fields(pdf: pikepdf.Pdf, expected: list[str]) -> Check:
    acroform = pdf.Root.get("/AcroForm")
    found: dict[str, bool] = {}
    for f in acroform.get("/Fields", []) if acroform else []:
        if f.get("/FT") == pikepdf.Name.Sig:
            found[str(f.get("/T", ""))] = "/V" in f
    missing = [name for name in expected if name not in found]
    if missing:
        return Check("signaturfelt", False, "mangler: " + ", ".join(missing))
    if not found:
        return Check("signaturfelt", True, "ingen (dokumenttypen har ingen signatarer)")
    signed = sum(found.values())
    return Check("signaturfelt", True, f"{len(found)} ({', '.join(found)}), {signed} signert")


def verify_files(pdfs: list[Path]) -> list[Report]:
    """`politidok verify`: every check, with the signature fields the manifest beside a file names."""
    from politidok.archive import manifest

    expected = {}
    for pdf in pdfs:
        entry = manifest.find(pdf)
        expected[pdf] = entry.signature_fields if entry else []
    return verify(list(pdfs), expected)
