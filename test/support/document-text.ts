/** Reading produced documents back: the text of every page of a PDF (pdfjs-dist), and UBL XML as objects (fast-xml-parser). */
import { XMLParser } from 'fast-xml-parser';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** The text of a PDF, page by page, each page's items joined by spaces. */
export async function pdfText(bytes: Uint8Array): Promise<{ pages: string[]; attachments: string[] }> {
  const document = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  const attachments = Object.keys((await document.getAttachments()) ?? {});
  await document.destroy();
  return { pages, attachments };
}

/** UBL (or CII) XML as nested objects, namespace prefixes removed, attributes as `@_name`. */
export function parseXml(xml: string): Record<string, any> {
  return new XMLParser({ ignoreAttributes: false, removeNSPrefix: true, parseTagValue: false }).parse(xml);
}
