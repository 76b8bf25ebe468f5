/**
 * EN 16931 e-invoices through `@e-invoice-eu/core`: the invoice data mapped onto its internal
 * format (UBL 2.1 element names, Peppol BIS Billing 3.0 fields), which the library validates
 * against its JSON schema and serialises as UBL 2.1 XML, or embeds as CII in a PDF (Factur-X
 * EN 16931 profile, PDF/A-3) for the hybrid PDF invoice. No XML is written by hand here.
 */
import { InvoiceService, type Invoice } from '@e-invoice-eu/core';
import { decimal, type DocumentParty, type InvoiceData } from './invoice-data.ts';
import type { PostalAddress } from './schemas.ts';

/** Peppol BIS Billing 3.0 (BT-24, BT-23). */
export const PEPPOL_CUSTOMIZATION_ID = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
export const PEPPOL_PROFILE_ID = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

/** The library reports through a logger; its messages are not ours to print. */
const quiet = { log: () => {}, warn: () => {}, error: () => {} };

function address(value: PostalAddress | undefined, fallbackCountry: string) {
  return {
    ...(value ? { 'cbc:StreetName': value.street, 'cbc:CityName': value.city, 'cbc:PostalZone': value.postalCode } : {}),
    ...(value?.additionalStreet ? { 'cbc:AdditionalStreetName': value.additionalStreet } : {}),
    'cac:Country': { 'cbc:IdentificationCode': value?.country ?? fallbackCountry },
  };
}

function buyerParty(buyer: DocumentParty, fallbackCountry: string) {
  return {
    // BT-49: the buyer's electronic address; e-mail (EAS "EM") is what the product knows.
    ...(buyer.email ? { 'cbc:EndpointID': buyer.email, 'cbc:EndpointID@schemeID': 'EM' } : {}),
    'cac:PartyName': { 'cbc:Name': buyer.name },
    'cac:PostalAddress': address(buyer.address, fallbackCountry),
    ...(buyer.vatId ? { 'cac:PartyTaxScheme': { 'cbc:CompanyID': buyer.vatId, 'cac:TaxScheme': { 'cbc:ID': 'VAT' } } } : {}),
    'cac:PartyLegalEntity': { 'cbc:RegistrationName': buyer.name },
  };
}

/** VAT category: standard rated, or zero rated at 0 %. */
function category(rate: number) {
  return { 'cbc:ID': rate > 0 ? 'S' : 'Z', 'cbc:Percent': String(rate), 'cac:TaxScheme': { 'cbc:ID': 'VAT' } };
}

/** The invoice in the library's internal format (UBL element names). */
export function einvoiceOf(data: InvoiceData): Invoice {
  const currency = data.currency;
  const amount = (minor: number) => decimal(minor);
  const { seller } = data;
  const invoice = {
    'cbc:CustomizationID': PEPPOL_CUSTOMIZATION_ID,
    'cbc:ProfileID': PEPPOL_PROFILE_ID,
    'cbc:ID': data.number,
    'cbc:IssueDate': data.issueDate,
    'cbc:DueDate': data.dueDate,
    'cbc:InvoiceTypeCode': data.kind === 'credit-note' ? '381' : '380',
    'cbc:DocumentCurrencyCode': currency,
    // BT-10: Peppol asks for a buyer reference or an order reference; the order id serves.
    'cbc:BuyerReference': data.orderId,
    'cac:OrderReference': { 'cbc:ID': data.orderId },
    ...(data.correcting ? { 'cac:BillingReference': [{ 'cac:InvoiceDocumentReference': { 'cbc:ID': data.correcting } }] } : {}),
    'cac:AccountingSupplierParty': {
      'cac:Party': {
        'cbc:EndpointID': seller.email,
        'cbc:EndpointID@schemeID': 'EM',
        'cac:PartyName': { 'cbc:Name': seller.name },
        'cac:PostalAddress': address(seller.address, seller.address.country),
        'cac:PartyTaxScheme': [{ 'cbc:CompanyID': seller.vatId, 'cac:TaxScheme': { 'cbc:ID': 'VAT' } }],
        'cac:PartyLegalEntity': {
          'cbc:RegistrationName': seller.name,
          ...(seller.registrationId ? { 'cbc:CompanyID': seller.registrationId } : {}),
        },
        'cac:Contact': { 'cbc:ElectronicMail': seller.email },
      },
    },
    'cac:AccountingCustomerParty': { 'cac:Party': buyerParty(data.buyer, seller.address.country) },
    ...(seller.iban
      ? {
          'cac:PaymentMeans': [
            {
              'cbc:PaymentMeansCode': '58',
              'cbc:PaymentID': data.number,
              'cac:PayeeFinancialAccount': { 'cbc:ID': seller.iban, 'cbc:Name': seller.name },
            },
          ],
        }
      : {}),
    'cac:PaymentTerms': { 'cbc:Note': seller.paymentTerms },
    'cac:TaxTotal': [
      {
        'cbc:TaxAmount': amount(data.totals.tax),
        'cbc:TaxAmount@currencyID': currency,
        'cac:TaxSubtotal': data.vatBreakdown.map((entry) => ({
          'cbc:TaxableAmount': amount(entry.taxable),
          'cbc:TaxableAmount@currencyID': currency,
          'cbc:TaxAmount': amount(entry.tax),
          'cbc:TaxAmount@currencyID': currency,
          'cac:TaxCategory': category(entry.rate),
        })),
      },
    ],
    'cac:LegalMonetaryTotal': {
      'cbc:LineExtensionAmount': amount(data.totals.net),
      'cbc:LineExtensionAmount@currencyID': currency,
      'cbc:TaxExclusiveAmount': amount(data.totals.net),
      'cbc:TaxExclusiveAmount@currencyID': currency,
      'cbc:TaxInclusiveAmount': amount(data.totals.gross),
      'cbc:TaxInclusiveAmount@currencyID': currency,
      'cbc:PayableAmount': amount(data.totals.gross),
      'cbc:PayableAmount@currencyID': currency,
    },
    'cac:InvoiceLine': data.lines.map((line, index) => ({
      'cbc:ID': String(index + 1),
      'cbc:InvoicedQuantity': String(line.quantity),
      'cbc:InvoicedQuantity@unitCode': 'C62',
      'cbc:LineExtensionAmount': amount(line.net),
      'cbc:LineExtensionAmount@currencyID': currency,
      'cac:Item': { 'cbc:Name': line.description, 'cac:ClassifiedTaxCategory': category(line.vatRate) },
      'cac:Price': { 'cbc:PriceAmount': amount(line.unitNet), 'cbc:PriceAmount@currencyID': currency },
    })),
  };
  return { 'ubl:Invoice': invoice } as unknown as Invoice;
}

/** The EN 16931 invoice as UBL 2.1 XML (the `edi` format). */
export async function renderUbl(data: InvoiceData): Promise<string> {
  const xml = await new InvoiceService(quiet).generate(einvoiceOf(data), { format: 'UBL', lang: 'en-us', noWarnings: true });
  return typeof xml === 'string' ? xml : new TextDecoder().decode(xml);
}

/** A PDF made hybrid: the same invoice embedded as Factur-X (EN 16931 profile) CII, the PDF turned PDF/A-3. */
export async function renderFacturX(data: InvoiceData, pdf: Uint8Array): Promise<Uint8Array> {
  const result = await new InvoiceService(quiet).generate(einvoiceOf(data), {
    format: 'Factur-X-EN16931',
    lang: 'en-us',
    noWarnings: true,
    pdf: { buffer: pdf, filename: `invoice-${data.number}.pdf`, mimetype: 'application/pdf' },
  });
  return typeof result === 'string' ? new TextEncoder().encode(result) : result;
}
