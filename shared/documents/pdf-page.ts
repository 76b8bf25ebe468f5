/**
 * A4 pages laid out in millimetres from the top left, over `@cantoo/pdf-lib` (the maintained
 * pdf-lib fork that `@e-invoice-eu/core` uses too): text, right-aligned amounts, rules. The
 * standard Helvetica fonts encode WinAnsi only, so other characters print as "?" rather than
 * failing a whole document.
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from '@cantoo/pdf-lib';

const MM = 72 / 25.4;
export const A4 = { width: 210, height: 297 } as const;

/** Keeps what Helvetica's WinAnsi encoding can print; anything else becomes "?". */
export function printable(text: string): string {
  return text.replace(/[^\x20-\x7E\xA0-\xFF€–—‘’“”•…]/g, '?');
}

/** A document being laid out: pages are added as the lines run past the bottom margin. */
export class PdfLayout {
  private page!: PDFPage;
  /** The next line's top, in mm from the top of the page. */
  y = 0;

  private constructor(
    readonly pdf: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
  ) {}

  static async create(title: string, author: string): Promise<PdfLayout> {
    const pdf = await PDFDocument.create();
    pdf.setTitle(printable(title));
    pdf.setAuthor(printable(author));
    pdf.setCreator('order-configurator');
    // A fixed date keeps the same document byte for byte the same (documents are immutable).
    pdf.setCreationDate(new Date(0));
    pdf.setModificationDate(new Date(0));
    const layout = new PdfLayout(pdf, await pdf.embedFont(StandardFonts.Helvetica), await pdf.embedFont(StandardFonts.HelveticaBold));
    layout.newPage();
    return layout;
  }

  newPage(): void {
    this.page = this.pdf.addPage([A4.width * MM, A4.height * MM]);
    this.y = 20;
  }

  /** Text with its top-left at (x, y) mm; `align: 'right'` puts its right end at x. */
  text(value: string, x: number, y: number, options: { size?: number; bold?: boolean; align?: 'left' | 'right' } = {}): void {
    const size = options.size ?? 9;
    const font = options.bold ? this.bold : this.regular;
    const safe = printable(value);
    const width = font.widthOfTextAtSize(safe, size) / MM;
    const left = options.align === 'right' ? x - width : x;
    this.page.drawText(safe, { x: left * MM, y: (A4.height - y) * MM - size * 0.8, size, font, color: rgb(0, 0, 0) });
  }

  /** A horizontal rule at y mm, or a short mark (fold and punch marks). */
  rule(x1: number, x2: number, y: number, thickness = 0.5): void {
    const at = (A4.height - y) * MM;
    this.page.drawLine({ start: { x: x1 * MM, y: at }, end: { x: x2 * MM, y: at }, thickness, color: rgb(0, 0, 0) });
  }

  /** Advances one line of `height` mm, starting a new page near the bottom. */
  nextLine(height = 5): void {
    this.y += height;
    if (this.y > A4.height - 25) this.newPage();
  }

  save(): Promise<Uint8Array> {
    return this.pdf.save({ useObjectStreams: false });
  }
}
