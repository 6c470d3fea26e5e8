/**
 * The PDFs the import and memory benchmarks generate, made with pdfkit: a running banner and page numbers on every
 * page (the furniture a PDF importer must drop), a heading every 20 paragraphs and body text flowed across pages.
 */

/** What the generated PDF holds. */
export interface BenchmarkPdfOptions {
  /** The body paragraphs, in order. */
  paragraphs: readonly string[];
  /** How many pages to fill (fewer when `cycle` is false and the paragraphs run out). */
  pages: number;
  /** The running header printed at the top of every page. */
  banner: string;
  /** The heading over section `n` (1-based). */
  heading: (n: number) => string;
  /** Start the paragraphs again when they run out, so the PDF always has `pages` pages. */
  cycle: boolean;
}

/** A PDF of headings and paragraphs with a running banner and page numbers, as the benchmarks need. */
export async function makeBenchmarkPdf(options: BenchmarkPdfOptions): Promise<Buffer> {
  const { paragraphs, pages, banner, heading, cycle } = options;
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({ size: 'A4', margin: 72, bufferPages: false });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolvePromise) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolvePromise(Buffer.concat(chunks)));
  });
  let page = 1;
  const furniture = (): void => {
    const { x, y } = doc;
    doc.font('Helvetica').fontSize(8).text(banner, 72, 40, { lineBreak: false });
    doc.text(String(page), 290, 800, { lineBreak: false });
    doc.font('Times-Roman').fontSize(10);
    doc.x = x;
    doc.y = y;
  };
  doc.on('pageAdded', () => {
    page++;
    furniture();
  });
  furniture();
  for (let i = 0; page <= pages && (cycle || i < paragraphs.length); i++) {
    if (i % 20 === 0)
      doc
        .font('Helvetica-Bold')
        .fontSize(13)
        .text(heading(i / 20 + 1), { paragraphGap: 6 });
    doc
      .font('Times-Roman')
      .fontSize(10)
      .text(paragraphs[i % paragraphs.length] as string, { paragraphGap: 6 });
    if (page === pages && doc.y > 700) break;
  }
  doc.end();
  return done;
}
