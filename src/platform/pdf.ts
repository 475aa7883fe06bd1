import PDFDocument from 'pdfkit';

/** A one-page statement: a title with its number, then sections of label–value rows (invoices, payout receipts). */
export interface Statement {
  title: string;
  /** The document's own number, shown under the title and kept in the PDF's metadata. */
  number: string;
  issuedAt: Date;
  sections: StatementSection[];
  /** Small print at the bottom. */
  note: string;
}

export interface StatementSection {
  heading: string;
  rows: Array<readonly [label: string, value: string]>;
  /** The last row is the sum of the ones above it: drawn bold under a rule. */
  totalRow?: boolean;
}

const MARGIN = 56;
const LABEL_WIDTH = 170;
const ISSUER = 'Qgig · substitute staffing, Kampala, Uganda';

/**
 * The standard PDF fonts (no font file to ship) encode WinAnsi only: text is reduced to it by
 * dropping accents where that is enough ("Kisubi Mission Hôpital" stays), and "?" for the rest;
 * line breaks and tabs become spaces.
 */
function toWinAnsi(text: string): string {
  return [...text]
    .map((char) => {
      if (WIN_ANSI.test(char)) return char;
      if (/\s/.test(char)) return ' ';
      const bare = char.normalize('NFKD').replace(/\p{M}/gu, '');
      return bare && [...bare].every((part) => WIN_ANSI.test(part)) ? bare : '?';
    })
    .join('');
}

// Latin-1's printable characters plus the 27 that Windows-1252 puts in 0x80–0x9F.
const WIN_ANSI = /^[\u0020-\u007e\u00a0-\u00ff€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]$/u;

export function renderStatement(statement: Statement): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: { Title: `${statement.title} ${statement.number}`, Author: 'Qgig', CreationDate: statement.issuedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - 2 * MARGIN;
  doc.font('Helvetica-Bold').fontSize(22).text(toWinAnsi(statement.title));
  doc.font('Helvetica').fontSize(12).text(toWinAnsi(statement.number));
  doc.fontSize(9).fillColor('#555555').text(toWinAnsi(ISSUER)).fillColor('black');
  for (const section of statement.sections) {
    doc.moveDown(1.2).font('Helvetica-Bold').fontSize(11).text(toWinAnsi(section.heading));
    doc.moveDown(0.3);
    section.rows.forEach(([label, value], index) => {
      const isTotal = section.totalRow === true && index === section.rows.length - 1;
      if (isTotal) {
        doc
          .moveTo(MARGIN, doc.y)
          .lineTo(MARGIN + width, doc.y)
          .stroke();
        doc.moveDown(0.3);
      }
      const y = doc.y;
      doc.font(isTotal ? 'Helvetica-Bold' : 'Helvetica').fontSize(10);
      doc.text(toWinAnsi(label), MARGIN, y, { width: LABEL_WIDTH });
      const afterLabel = doc.y;
      doc.text(toWinAnsi(value), MARGIN + LABEL_WIDTH, y, { width: width - LABEL_WIDTH });
      doc.y = Math.max(afterLabel, doc.y) + 2;
    });
  }
  doc.moveDown(2).font('Helvetica').fontSize(8).fillColor('#555555').text(toWinAnsi(statement.note), MARGIN, doc.y, { width });
  doc.end();
  return done;
}
