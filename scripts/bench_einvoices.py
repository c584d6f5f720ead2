"""The e-invoice import at scale, for ``scripts/bench.py``: generated UBL files and Factur-X PDFs.

Half the e-invoices are UBL 2.1 XML, half Factur-X PDFs (CII D16B inside, made by the ``factur-x``
library). Nine in ten are billed to debtors already in the book (same key and name, so only the
invoices are new), one in ten to new buyers with an address and a contact; one in five carries a
paid amount (BT-113). The import runs as ``dunning import FOLDER`` in a process of its own, on a
fresh copy of the bench's book, and reports its wall time and its peak resident memory.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

UBL = """<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>
  <cbc:ID>{number}</cbc:ID>
  <cbc:IssueDate>{issue}</cbc:IssueDate>
  <cbc:DueDate>{due}</cbc:DueDate>
  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cbc:BuyerReference>{buyer_reference}</cbc:BuyerReference>
  <cac:OrderReference><cbc:ID>{po}</cbc:ID></cac:OrderReference>
  <cac:AccountingSupplierParty><cac:Party>
    <cac:PostalAddress><cbc:CityName>Lyon</cbc:CityName>
      <cac:Country><cbc:IdentificationCode>FR</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
    <cac:PartyTaxScheme><cbc:CompanyID>{seller_vat}</cbc:CompanyID>
      <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
    <cac:PartyLegalEntity><cbc:RegistrationName>Bench Freelance</cbc:RegistrationName></cac:PartyLegalEntity>
  </cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party>
    <cac:PartyIdentification><cbc:ID>{key}</cbc:ID></cac:PartyIdentification>
    <cac:PostalAddress>{address}
      <cac:Country><cbc:IdentificationCode>{country}</cbc:IdentificationCode></cac:Country></cac:PostalAddress>
    <cac:PartyLegalEntity><cbc:RegistrationName>{name}</cbc:RegistrationName></cac:PartyLegalEntity>{contact}
  </cac:Party></cac:AccountingCustomerParty>
  <cac:LegalMonetaryTotal>
    <cbc:LineExtensionAmount currencyID="EUR">{net}</cbc:LineExtensionAmount>
    <cbc:TaxExclusiveAmount currencyID="EUR">{net}</cbc:TaxExclusiveAmount>
    <cbc:TaxInclusiveAmount currencyID="EUR">{total}</cbc:TaxInclusiveAmount>
    <cbc:PrepaidAmount currencyID="EUR">{prepaid}</cbc:PrepaidAmount>
    <cbc:PayableAmount currencyID="EUR">{payable}</cbc:PayableAmount>
  </cac:LegalMonetaryTotal>
  <cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:InvoicedQuantity unitCode="DAY">1</cbc:InvoicedQuantity>
    <cbc:LineExtensionAmount currencyID="EUR">{net}</cbc:LineExtensionAmount>
    <cac:Item><cbc:Name>Consulting</cbc:Name></cac:Item>
    <cac:Price><cbc:PriceAmount currencyID="EUR">{net}</cbc:PriceAmount></cac:Price></cac:InvoiceLine>
</Invoice>
"""
UBL_ADDRESS = "<cbc:StreetName>{n} rue des Lilas</cbc:StreetName><cbc:CityName>Nantes</cbc:CityName><cbc:PostalZone>44000</cbc:PostalZone>"
UBL_CONTACT = (
    "\n    <cac:Contact><cbc:Name>Claire Martin</cbc:Name><cbc:Telephone>+33 6 12 34 56 78</cbc:Telephone>"
    "<cbc:ElectronicMail>claire@example.fr</cbc:ElectronicMail></cac:Contact>"
)

CII = """<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
 xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
 xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
  <rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter>
    <ram:ID>urn:cen.eu:en16931:2017</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext>
  <rsm:ExchangedDocument><ram:ID>{number}</ram:ID><ram:TypeCode>380</ram:TypeCode>
    <ram:IssueDateTime><udt:DateTimeString format="102">{issue}</udt:DateTimeString></ram:IssueDateTime></rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:ApplicableHeaderTradeAgreement>
      <ram:BuyerReference>{buyer_reference}</ram:BuyerReference>
      <ram:SellerTradeParty><ram:Name>Bench Freelance</ram:Name>
        <ram:PostalTradeAddress><ram:CountryID>FR</ram:CountryID></ram:PostalTradeAddress>
        <ram:SpecifiedTaxRegistration><ram:ID schemeID="VA">{seller_vat}</ram:ID></ram:SpecifiedTaxRegistration>
      </ram:SellerTradeParty>
      <ram:BuyerTradeParty><ram:ID>{key}</ram:ID><ram:Name>{name}</ram:Name>{contact}
        <ram:PostalTradeAddress>{address}<ram:CountryID>{country}</ram:CountryID></ram:PostalTradeAddress>
      </ram:BuyerTradeParty>
      <ram:BuyerOrderReferencedDocument><ram:IssuerAssignedID>{po}</ram:IssuerAssignedID></ram:BuyerOrderReferencedDocument>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeDelivery/>
    <ram:ApplicableHeaderTradeSettlement>
      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
      <ram:SpecifiedTradePaymentTerms>
        <ram:DueDateDateTime><udt:DateTimeString format="102">{due}</udt:DateTimeString></ram:DueDateDateTime>
      </ram:SpecifiedTradePaymentTerms>
      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>
        <ram:LineTotalAmount>{net}</ram:LineTotalAmount>
        <ram:TaxBasisTotalAmount>{net}</ram:TaxBasisTotalAmount>
        <ram:TaxTotalAmount currencyID="EUR">{vat}</ram:TaxTotalAmount>
        <ram:GrandTotalAmount>{total}</ram:GrandTotalAmount>
        <ram:TotalPrepaidAmount>{prepaid}</ram:TotalPrepaidAmount>
        <ram:DuePayableAmount>{payable}</ram:DuePayableAmount>
      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
    </ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
"""
CII_ADDRESS = "<ram:PostcodeCode>44000</ram:PostcodeCode><ram:LineOne>{n} rue des Lilas</ram:LineOne><ram:CityName>Nantes</ram:CityName>"
CII_CONTACT = (
    "\n        <ram:DefinedTradeContact><ram:PersonName>Claire Martin</ram:PersonName>"
    "<ram:TelephoneUniversalCommunication><ram:CompleteNumber>+33 6 12 34 56 78</ram:CompleteNumber>"
    "</ram:TelephoneUniversalCommunication><ram:EmailURIUniversalCommunication>"
    "<ram:URIID>claire@example.fr</ram:URIID></ram:EmailURIUniversalCommunication></ram:DefinedTradeContact>"
)
SELLER_VAT = "FR40303265045"

#: Runs ``dunning import`` through the real CLI, then prints the process's own peak memory.
DRIVER = textwrap.dedent(
    """
    import sys

    def peak_kib():
        return int(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')))

    from dunning_tui.cli import main

    sys.argv = ["dunning", "import", *sys.argv[1:]]
    try:
        main()
    except SystemExit as exc:
        code = exc.code or 0
    else:
        code = 0
    print("RSS", peak_kib(), flush=True)
    sys.exit(code)
    """
)


def _book_debtors(db_path: Path, count: int) -> list[tuple[str, str, str]]:
    with closing(sqlite3.connect(db_path)) as connection:
        return connection.execute(
            "SELECT key, name, country FROM debtors ORDER BY id LIMIT ?", (count,)
        ).fetchall()


def _base_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Invoice")
    return bytes(pdf.output())


def generate(folder: Path, count: int, db_path: Path, today: date) -> None:
    """``count`` e-invoices in ``folder``: the even ones UBL, the odd ones Factur-X PDFs."""
    from facturx import generate_from_binary

    folder.mkdir(parents=True, exist_ok=True)
    debtors = _book_debtors(db_path, max(1, count))
    base = _base_pdf()
    for n in range(count):
        new_buyer = n % 10 == 9 or not debtors
        key, name, country = (
            (f"EI-BUYER-{n:05d}", f"Nouveau Client {n} SARL", "FR")
            if new_buyer
            else debtors[n % len(debtors)]
        )
        issue = today - timedelta(days=n % 90)
        cents = 10_000 + (n * 7919) % 500_000
        net, vat = cents, cents // 5
        total = net + vat
        prepaid = total // 4 if n % 5 == 0 else 0
        ubl = n % 2 == 0
        fields = {
            "number": f"EI-{today.year}-{n:06d}",
            "issue": issue.isoformat() if ubl else issue.strftime("%Y%m%d"),
            "due": (issue + timedelta(days=30)).isoformat()
            if ubl
            else (issue + timedelta(days=30)).strftime("%Y%m%d"),
            "buyer_reference": f"SERVICE-{n % 17}",
            "po": f"PO-{n:06d}",
            "seller_vat": SELLER_VAT,
            "key": escape(key),
            "name": escape(name),
            "country": country,
            "address": (UBL_ADDRESS if ubl else CII_ADDRESS).format(n=n) if new_buyer else "",
            "contact": (UBL_CONTACT if ubl else CII_CONTACT) if new_buyer else "",
            "net": f"{net / 100:.2f}",
            "vat": f"{vat / 100:.2f}",
            "total": f"{total / 100:.2f}",
            "prepaid": f"{prepaid / 100:.2f}",
            "payable": f"{(total - prepaid) / 100:.2f}",
        }
        if ubl:
            (folder / f"{fields['number']}.xml").write_text(UBL.format(**fields), encoding="utf-8")
        else:
            xml = CII.format(**fields).encode("utf-8")
            (folder / f"{fields['number']}.pdf").write_bytes(generate_from_binary(base, xml, check_xsd=False))


def run_import(folder: Path, db_url: str, env: dict[str, str], log: Path) -> tuple[float, float, str]:
    """``dunning import folder`` in a process of its own: wall time, peak RSS (MiB), its output."""
    driver = log.parent / "import_driver.py"
    driver.write_text(DRIVER)
    with log.open("ab") as err:
        t0 = time.perf_counter()
        result = subprocess.run(
            [sys.executable, str(driver), str(folder), "--db", db_url],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=err,
            check=False,
        )
        elapsed = time.perf_counter() - t0
    output = result.stdout.decode(errors="replace")
    if result.returncode != 0:
        raise RuntimeError(f"dunning import exited {result.returncode}: {output}; see {log}")
    rss = next((int(line.split()[1]) for line in output.splitlines() if line.startswith("RSS ")), 0)
    return elapsed, rss / 1024, output


def config_with_seller(path: Path) -> None:
    """The bench user is the seller of the generated invoices."""
    text = path.read_text() if path.exists() else ""
    if "[creditor]" not in text:
        path.write_text(text + f"\n[creditor]\nvat_number = '{SELLER_VAT}'\n")
