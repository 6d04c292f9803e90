"""Is a PDF ready for the archive and for e-signing? The checks of `politidok verify`.

PDF/A by PDFBox preflight (when Java is installed), PDF/UA-1 and the PDF/A level the file
claims (2a or 2b) by page-validation, fonts embedded, not encrypted, A4 portrait, at most
10 MB (the e-signing services' limit), /Lang and title set, and the signature fields the
document's signatories need. Every build runs the same checks, PDFBox only with POLITIDOK_PDFBOX=1
(its PDF/A check is page-validation's then).

A signed PDF's signatures are validated with pyHanko (`signature_checks`): each must be intact
(the bytes it covers hash to what it signed, and its signature value matches its certificate),
cover its whole revision, and be followed only by form filling and further signatures (pyHanko's
difference analysis); the title, subject, author, keywords and language must be those of the
revision the first signature covers (pyHanko lets /Info and XMP change freely). Whether the
certificate chains to a trusted root is reported beside it, never failed: a test certificate or a
signing service's own chain is not in this machine's trust list.
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
# "the entire file" as the file with every revision and reports the earlier signatures, so its
# finding is dropped for a signature whose range ends before the end of the file. That says
# nothing about what was added after it: signature_checks (pyHanko) judges that.
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
        signed = is_signed(pdf)
    if signed:
        checks += signature_checks(path)
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
            streams = annot.get("/AP")
            appearance = streams.get("/N") if streams else None
            if isinstance(appearance, pikepdf.Stream):
                visit_resources(appearance.get("/Resources"))
    missing = sorted({name for name, embedded in seen.values() if not embedded})
    if missing:
        return Check("fonter", False, "ikke innebygd: " + ", ".join(missing))
    return Check("fonter", True, f"alle {len(seen)} innebygd")


def _embedded(font: pikepdf.Object) -> bool:
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


# --- signatures ----------------------------------------------------------------------------------

METADATA = {"/Title": "tittelen", "/Subject": "emnet", "/Author": "forfatteren", "/Keywords": "nøkkelordene"}
XMP = {"dc:title": "tittelen (XMP)", "dc:description": "emnet (XMP)", "dc:creator": "forfatteren (XMP)"}
LEVELS = {  # pyHanko's ModificationLevel names, as a secretary reads them
    "ANNOTATIONS": "merknader er lagt til eller endret",
    "OTHER": "innholdet er endret (sider, tekst, felt eller struktur)",
}


def is_signed(pdf: pikepdf.Pdf) -> bool:
    """A signature field of the PDF holds a signature (a /V with a /ByteRange)."""
    acroform = pdf.Root.get("/AcroForm")
    stack = list(acroform.get("/Fields", [])) if acroform else []
    while stack:
        f = stack.pop()
        if not isinstance(f, pikepdf.Dictionary):
            continue
        value = f.get("/V")
        if isinstance(value, pikepdf.Dictionary) and "/ByteRange" in value:
            return True
        stack += list(f.get("/Kids", []))
    return False


def signature_checks(path: Path) -> list[Check]:
    """Every signature of a signed PDF validated with pyHanko (see the module's docstring), in signing order."""
    import warnings

    with warnings.catch_warnings():  # cryptography's notes on algorithms pyHanko can use (DSA): not ours to show
        warnings.simplefilter("ignore")
        from pyhanko.pdf_utils.reader import PdfFileReader
        from pyhanko.sign.diff_analysis import ModificationLevel
        from pyhanko.sign.fields import enumerate_sig_fields
        from pyhanko.sign.validation import validate_pdf_signature
        from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
        from pyhanko.sign.validation.status import SignatureCoverageLevel
        from pyhanko_certvalidator import ValidationContext

    checks: list[Check] = []
    with path.open("rb") as handle:
        try:
            reader = PdfFileReader(handle, strict=False)
            filled = list(enumerate_sig_fields(reader, filled_status=True))
        except Exception as exc:  # noqa: BLE001 - pyHanko raises many kinds on a broken file
            return [Check("signaturer", False, f"kan ikke leses av pyHanko ({_short(exc)})")]
        signatures = []
        for name, _value, field_ref in filled:
            try:
                signatures.append(EmbeddedPdfSignature(reader, field_ref, name))
            except Exception as exc:  # noqa: BLE001 - asn1crypto, pyHanko: garbage in /Contents
                checks.append(
                    Check(
                        f"signatur «{name}»",
                        False,
                        f"ugyldig: signaturdataene er ikke en signatur som kan leses (CMS/PKCS#7; {type(exc).__name__})",
                    )
                )
        signatures.sort(key=lambda sig: sig.signed_revision)
        context = ValidationContext(trust_roots=_trust_roots(), allow_fetching=False)  # no network
        for sig in signatures:
            label = f"signatur «{sig.field_name}»"
            try:
                status = validate_pdf_signature(sig, context)
            except Exception as exc:  # noqa: BLE001
                checks.append(Check(label, False, f"kan ikke kontrolleres ({_short(exc)})"))
                continue
            problems = []
            if not status.intact:
                problems.append("bytene den dekker, er endret etter signeringen")
            elif not status.valid:
                problems.append("signaturverdien stemmer ikke med sertifikatet")
            if status.coverage is None or status.coverage < SignatureCoverageLevel.ENTIRE_REVISION:
                problems.append("den dekker ikke hele dokumentet slik det var da det ble signert")
            level = status.modification_level
            if level is None or level > ModificationLevel.FORM_FILLING:
                what = LEVELS.get(level.name, level.name) if level is not None else "endringene kan ikke vurderes"
                problems.append(f"dokumentet er endret etter signeringen: {what}")
            elif status.docmdp_ok is False:
                problems.append("endringene etter den er ikke tillatt av signaturens egne regler (DocMDP)")
            signer = _common_name(status.signing_cert)
            when = status.signer_reported_dt.strftime("%d.%m.%Y %H:%M") if status.signer_reported_dt else ""
            who = f"{signer}{', ' + when if when else ''}"
            if problems:
                checks.append(Check(label, False, "ugyldig: " + "; ".join(problems) + f" ({who})"))
            else:
                after = "" if level == ModificationLevel.NONE else ", bare nye signaturer og skjemautfylling etter den"
                checks.append(Check(label, True, f"intakt og dekker dokumentet{after} ({who})"))
            checks.append(
                Check(
                    f"sertifikat «{sig.field_name}»",
                    True if status.trusted else None,
                    "klarert kjede til en rot i denne maskinens tillitsliste"
                    if status.trusted
                    else "ikke kontrollert mot en klarert rot (selvsignert, eller utstederen er ikke i denne "
                    "maskinens tillitsliste): sjekk signaturen hos signeringstjenesten",
                )
            )
        if signatures:
            checks.append(_metadata_since(path, signatures[0]))
    return checks


def _metadata_since(path: Path, first) -> Check:
    """Title, subject, author, keywords and language as the first signature signed them."""
    import io

    ranges = [int(x) for x in first.sig_object["/ByteRange"]]
    data = path.read_bytes()
    changed = []
    try:
        with pikepdf.open(io.BytesIO(data[: ranges[2] + ranges[3]])) as old, pikepdf.open(path) as new:
            for key, what in METADATA.items():
                before, after = str(old.docinfo.get(key, "")), str(new.docinfo.get(key, ""))
                if before != after:
                    changed.append(f"{what} «{before}» → «{after}»")
            with old.open_metadata() as a, new.open_metadata() as b:
                for key, what in XMP.items():
                    before, after = str(a.get(key, "")), str(b.get(key, ""))
                    if before != after:
                        changed.append(f"{what} «{before}» → «{after}»")
            before, after = str(old.Root.get("/Lang", "")), str(new.Root.get("/Lang", ""))
            if before != after:
                changed.append(f"språket «{before}» → «{after}»")
    except (pikepdf.PdfError, ValueError, IndexError) as exc:
        return Check("metadata", False, f"kan ikke sammenlignes med den signerte revisjonen ({_short(exc)})")
    if changed:
        return Check("metadata", False, "endret etter første signatur: " + "; ".join(changed))
    return Check("metadata", True, "som da dokumentet ble signert første gang")


CA_BUNDLES = ("/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt")


def _trust_roots() -> list:
    """The system's CA certificates (Debian's bundle, else certifi's), for the trust line only."""
    from pyhanko.keys import load_certs_from_pemder

    candidates = [Path(p) for p in CA_BUNDLES]
    try:
        import certifi

        candidates.append(Path(certifi.where()))
    except ImportError:
        pass
    for bundle in candidates:
        if bundle.is_file():
            try:
                return list(load_certs_from_pemder([str(bundle)]))
            except (OSError, ValueError):
                continue
    return []


def _common_name(cert) -> str:
    if cert is None:
        return "ukjent signatar"
    names = cert.subject.native
    return str(names.get("common_name") or cert.subject.human_friendly)


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]
