"""Helpers for the e-invoice tests: the official examples, read here with the standard library alone.

The expected values of each example are read by this module from the file itself, with its own
paths, independently of the importer's term table, so that a wrong path in the importer shows.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "einvoice_data"
UBL_EXAMPLES = sorted((DATA / "ubl").glob("ubl-tc434-example*.xml"))
CII_EXAMPLES = sorted((DATA / "cii").glob("CII_example*.xml"))
CREDIT_NOTE = DATA / "ubl" / "ubl-tc434-creditnote1.xml"

NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}


@dataclass(frozen=True)
class Expected:
    number: str
    issue_date: date
    due_date: date | None
    currency: str
    total: Decimal
    prepaid: Decimal
    po_reference: str
    buyer_reference: str
    buyer_name: str
    buyer_id: str
    buyer_registration: str
    buyer_vat: str
    country: str
    contact_name: str
    contact_phone: str
    contact_email: str
    seller_vat: str


def _text(root: ET.Element, path: str) -> str:
    element = root.find(path, NS)
    return "" if element is None or element.text is None else element.text.strip()


def _day(text: str) -> date | None:
    if not text:
        return None
    digits = text.replace("-", "")
    return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))


def expected(path: Path) -> Expected:
    """What the file says, read with ElementTree."""
    root = ET.parse(path).getroot()
    if root.tag.endswith("CrossIndustryInvoice"):
        agreement = root.find("rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement", NS)
        settlement = root.find("rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement", NS)
        assert agreement is not None and settlement is not None
        buyer = agreement.find("ram:BuyerTradeParty", NS)
        assert buyer is not None
        sums = "ram:SpecifiedTradeSettlementHeaderMonetarySummation/"
        vat = buyer.find("ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']", NS)
        seller_vat = agreement.find(
            "ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']", NS
        )
        return Expected(
            number=_text(root, "rsm:ExchangedDocument/ram:ID"),
            issue_date=_day(_text(root, "rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString")),  # type: ignore[arg-type]
            due_date=_day(
                _text(settlement, "ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString")
            ),
            currency=_text(settlement, "ram:InvoiceCurrencyCode"),
            total=Decimal(_text(settlement, sums + "ram:GrandTotalAmount")),
            prepaid=Decimal(_text(settlement, sums + "ram:TotalPrepaidAmount") or "0"),
            po_reference=_text(agreement, "ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID"),
            buyer_reference=_text(agreement, "ram:BuyerReference"),
            buyer_name=_text(buyer, "ram:Name"),
            buyer_id=_text(buyer, "ram:ID") or _text(buyer, "ram:GlobalID"),
            buyer_registration=_text(buyer, "ram:SpecifiedLegalOrganization/ram:ID"),
            buyer_vat="" if vat is None else (vat.text or "").strip(),
            country=_text(buyer, "ram:PostalTradeAddress/ram:CountryID"),
            contact_name=_text(buyer, "ram:DefinedTradeContact/ram:PersonName"),
            contact_phone=_text(
                buyer, "ram:DefinedTradeContact/ram:TelephoneUniversalCommunication/ram:CompleteNumber"
            ),
            contact_email=_text(
                buyer, "ram:DefinedTradeContact/ram:EmailURIUniversalCommunication/ram:URIID"
            ),
            seller_vat="" if seller_vat is None else (seller_vat.text or "").strip(),
        )
    party = root.find("cac:AccountingCustomerParty/cac:Party", NS)
    assert party is not None
    return Expected(
        number=_text(root, "cbc:ID"),
        issue_date=_day(_text(root, "cbc:IssueDate")),  # type: ignore[arg-type]
        due_date=_day(_text(root, "cbc:DueDate")),
        currency=_text(root, "cbc:DocumentCurrencyCode"),
        total=Decimal(_text(root, "cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount")),
        prepaid=Decimal(_text(root, "cac:LegalMonetaryTotal/cbc:PrepaidAmount") or "0"),
        po_reference=_text(root, "cac:OrderReference/cbc:ID"),
        buyer_reference=_text(root, "cbc:BuyerReference"),
        buyer_name=_text(party, "cac:PartyLegalEntity/cbc:RegistrationName")
        or _text(party, "cac:PartyName/cbc:Name"),
        buyer_id=_text(party, "cac:PartyIdentification/cbc:ID"),
        buyer_registration=_text(party, "cac:PartyLegalEntity/cbc:CompanyID"),
        buyer_vat=_text(party, "cac:PartyTaxScheme/cbc:CompanyID"),
        country=_text(party, "cac:PostalAddress/cac:Country/cbc:IdentificationCode"),
        contact_name=_text(party, "cac:Contact/cbc:Name"),
        contact_phone=_text(party, "cac:Contact/cbc:Telephone"),
        contact_email=_text(party, "cac:Contact/cbc:ElectronicMail"),
        seller_vat=_text(root, "cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID"),
    )


def base_pdf(title: str = "Invoice") -> bytes:
    """A plain one-page PDF, the visible half of a Factur-X PDF."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=title)
    return bytes(pdf.output())


def factur_x(xml: bytes, destination: Path) -> Path:
    """A Factur-X PDF carrying ``xml``, made by the ``factur-x`` library's generator."""
    from facturx import generate_from_binary

    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_bytes(generate_from_binary(base_pdf(destination.stem), xml, check_xsd=False))
    return destination


def pdf_with_attachment(name: str, data: bytes, destination: Path) -> Path:
    """A PDF carrying ``data`` as an attachment, written without any check (for hostile files)."""
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(BytesIO(base_pdf())))
    writer.add_attachment(name, data)
    with destination.open("wb") as stream:
        writer.write(stream)
    return destination


def variant(source: Path, destination: Path, *replacements: tuple[str, str]) -> Path:
    """A copy of an example with some text replaced (each replacement must apply)."""
    text = source.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_text(text, encoding="utf-8")
    return destination


def rows(db: Any, sql: str) -> list[tuple[Any, ...]]:
    from sqlalchemy import text

    with db.session() as session:
        return [tuple(r) for r in session.execute(text(sql)).all()]
