"""Where each business term of EN 16931 that an import reads sits in UBL 2.1 and in CII D16B.

A :class:`Term` names the business term (``BT-9``), says what it is, and gives its XPath in the
syntax at hand; an import's problems quote both, so a user can find the value in the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lxml import etree

UBL_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
UBL_CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CII = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"

NAMESPACES = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "rsm": CII,
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}

#: Document type codes (BT-3, UNTDID 1001) of credit notes; any other code is an invoice.
CREDIT_NOTE_CODES = frozenset({"81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "532"})

#: What each term an import reads is, by the name the reader uses.
TERMS: dict[str, tuple[str, str]] = {
    "number": ("BT-1", "invoice number"),
    "issue_date": ("BT-2", "issue date"),
    "type": ("BT-3", "document type"),
    "currency": ("BT-5", "currency"),
    "due_date": ("BT-9", "due date"),
    "buyer_reference": ("BT-10", "buyer reference"),
    "po_reference": ("BT-13", "purchase order reference"),
    "payment_terms": ("BT-20", "payment terms"),
    "invoice_reference": ("BT-25", "preceding invoice reference"),
    "seller_registration": ("BT-30", "seller legal registration identifier"),
    "seller_vat": ("BT-31", "seller VAT identifier"),
    "buyer_name": ("BT-44", "buyer name"),
    "buyer_trading_name": ("BT-45", "buyer trading name"),
    "buyer_id": ("BT-46", "buyer identifier"),
    "buyer_registration": ("BT-47", "buyer legal registration identifier"),
    "buyer_vat": ("BT-48", "buyer VAT identifier"),
    "street": ("BT-50", "buyer address line 1"),
    "street2": ("BT-51", "buyer address line 2"),
    "street3": ("BT-163", "buyer address line 3"),
    "city": ("BT-52", "buyer city"),
    "postcode": ("BT-53", "buyer post code"),
    "subdivision": ("BT-54", "buyer country subdivision"),
    "country": ("BT-55", "buyer country code"),
    "contact_name": ("BT-56", "buyer contact point"),
    "contact_phone": ("BT-57", "buyer contact telephone number"),
    "contact_email": ("BT-58", "buyer contact email address"),
    "total": ("BT-112", "invoice total amount with VAT"),
    "prepaid": ("BT-113", "paid amount"),
}

_UBL_BUYER = "cac:AccountingCustomerParty/cac:Party/"
_UBL_SELLER = "cac:AccountingSupplierParty/cac:Party/"
_UBL_ADDRESS = _UBL_BUYER + "cac:PostalAddress/"
_UBL_CONTACT = _UBL_BUYER + "cac:Contact/"
_UBL_TOTALS = "cac:LegalMonetaryTotal/"
_UBL = {
    "number": "cbc:ID",
    "issue_date": "cbc:IssueDate",
    "currency": "cbc:DocumentCurrencyCode",
    "buyer_reference": "cbc:BuyerReference",
    "po_reference": "cac:OrderReference/cbc:ID",
    "payment_terms": "cac:PaymentTerms/cbc:Note",
    "invoice_reference": "cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID",
    "seller_registration": _UBL_SELLER + "cac:PartyLegalEntity/cbc:CompanyID",
    "seller_vat": _UBL_SELLER + "cac:PartyTaxScheme/cbc:CompanyID",
    "buyer_name": _UBL_BUYER + "cac:PartyLegalEntity/cbc:RegistrationName",
    "buyer_trading_name": _UBL_BUYER + "cac:PartyName/cbc:Name",
    "buyer_id": _UBL_BUYER + "cac:PartyIdentification/cbc:ID",
    "buyer_registration": _UBL_BUYER + "cac:PartyLegalEntity/cbc:CompanyID",
    "buyer_vat": _UBL_BUYER + "cac:PartyTaxScheme/cbc:CompanyID",
    "street": _UBL_ADDRESS + "cbc:StreetName",
    "street2": _UBL_ADDRESS + "cbc:AdditionalStreetName",
    "street3": _UBL_ADDRESS + "cac:AddressLine/cbc:Line",
    "city": _UBL_ADDRESS + "cbc:CityName",
    "postcode": _UBL_ADDRESS + "cbc:PostalZone",
    "subdivision": _UBL_ADDRESS + "cbc:CountrySubentity",
    "country": _UBL_ADDRESS + "cac:Country/cbc:IdentificationCode",
    "contact_name": _UBL_CONTACT + "cbc:Name",
    "contact_phone": _UBL_CONTACT + "cbc:Telephone",
    "contact_email": _UBL_CONTACT + "cbc:ElectronicMail",
    "total": _UBL_TOTALS + "cbc:TaxInclusiveAmount",
    "prepaid": _UBL_TOTALS + "cbc:PrepaidAmount",
}

_CII_DOCUMENT = "rsm:ExchangedDocument/"
_CII_AGREEMENT = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/"
_CII_SETTLEMENT = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/"
_CII_SELLER = _CII_AGREEMENT + "ram:SellerTradeParty/"
_CII_BUYER = _CII_AGREEMENT + "ram:BuyerTradeParty/"
_CII_ADDRESS = _CII_BUYER + "ram:PostalTradeAddress/"
_CII_CONTACT = _CII_BUYER + "ram:DefinedTradeContact/"
_CII_TOTALS = _CII_SETTLEMENT + "ram:SpecifiedTradeSettlementHeaderMonetarySummation/"
_CII = {
    "number": _CII_DOCUMENT + "ram:ID",
    "issue_date": _CII_DOCUMENT + "ram:IssueDateTime/udt:DateTimeString",
    "type": _CII_DOCUMENT + "ram:TypeCode",
    "currency": _CII_SETTLEMENT + "ram:InvoiceCurrencyCode",
    "due_date": _CII_SETTLEMENT + "ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString",
    "buyer_reference": _CII_AGREEMENT + "ram:BuyerReference",
    "po_reference": _CII_AGREEMENT + "ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID",
    "payment_terms": _CII_SETTLEMENT + "ram:SpecifiedTradePaymentTerms/ram:Description",
    "invoice_reference": _CII_SETTLEMENT + "ram:InvoiceReferencedDocument/ram:IssuerAssignedID",
    "seller_registration": _CII_SELLER + "ram:SpecifiedLegalOrganization/ram:ID",
    "seller_vat": _CII_SELLER + "ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']",
    "buyer_name": _CII_BUYER + "ram:Name",
    "buyer_trading_name": _CII_BUYER + "ram:SpecifiedLegalOrganization/ram:TradingBusinessName",
    "buyer_id": _CII_BUYER + "ram:ID|" + _CII_BUYER + "ram:GlobalID",
    "buyer_registration": _CII_BUYER + "ram:SpecifiedLegalOrganization/ram:ID",
    "buyer_vat": _CII_BUYER + "ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']",
    "street": _CII_ADDRESS + "ram:LineOne",
    "street2": _CII_ADDRESS + "ram:LineTwo",
    "street3": _CII_ADDRESS + "ram:LineThree",
    "city": _CII_ADDRESS + "ram:CityName",
    "postcode": _CII_ADDRESS + "ram:PostcodeCode",
    "subdivision": _CII_ADDRESS + "ram:CountrySubDivisionName",
    "country": _CII_ADDRESS + "ram:CountryID",
    "contact_name": _CII_CONTACT + "ram:PersonName|" + _CII_CONTACT + "ram:DepartmentName",
    "contact_phone": _CII_CONTACT + "ram:TelephoneUniversalCommunication/ram:CompleteNumber",
    "contact_email": _CII_CONTACT + "ram:EmailURIUniversalCommunication/ram:URIID",
    "total": _CII_TOTALS + "ram:GrandTotalAmount",
    "prepaid": _CII_TOTALS + "ram:TotalPrepaidAmount",
}


@dataclass(frozen=True)
class Syntax:
    """One XML syntax of EN 16931: its root and the XPath of each term."""

    name: str
    paths: dict[str, str]
    credit_note: bool = False
    """Every document of this root is a credit note (UBL ``CreditNote``)."""
    compact_dates: bool = False
    """Dates are written ``yyyymmdd`` (CII format 102)."""

    def label(self, term: str) -> str:
        """``BT-9 due date (cbc:DueDate)``: how a problem names the term."""
        bt, what = TERMS[term]
        path = self.paths.get(term, "")
        return f"{bt} {what} ({path.split('|')[0]})" if path else f"{bt} {what}"

    @cached_property
    def compiled(self) -> dict[str, etree.XPath]:
        from lxml import etree

        return {term: etree.XPath(path, namespaces=NAMESPACES) for term, path in self.paths.items()}


UBL_INVOICE_SYNTAX = Syntax("UBL Invoice", {**_UBL, "type": "cbc:InvoiceTypeCode", "due_date": "cbc:DueDate"})
UBL_CREDIT_NOTE_SYNTAX = Syntax(
    "UBL CreditNote",
    {**_UBL, "type": "cbc:CreditNoteTypeCode", "due_date": "cac:PaymentMeans/cbc:PaymentDueDate"},
    credit_note=True,
)
CII_SYNTAX = Syntax("CII", _CII, compact_dates=True)

#: The syntax of each root element, by its ``{namespace}name``.
SYNTAXES = {
    f"{{{UBL_INVOICE}}}Invoice": UBL_INVOICE_SYNTAX,
    f"{{{UBL_CREDIT_NOTE}}}CreditNote": UBL_CREDIT_NOTE_SYNTAX,
    f"{{{CII}}}CrossIndustryInvoice": CII_SYNTAX,
}
