/**
 * Generates the large inputs of issue 9 item 3 (large inputs under the size limit that exhausted memory), so that
 * they can be reproduced without committing them: `node --import tsx test/bad-inputs/generate-large.ts OUTDIR
 * [CASE…] [--scale X]`. With no case, every case is written. `--scale` multiplies every size (0.1 for a quick look).
 *
 * Each case is measured with `/usr/bin/time -v node bin/palimpsest.js add S FILE --store /tmp/x.db` (wall time,
 * peak RSS, outcome); the expected outcome of each is in `EXPECTED` (a file the engine can process, or E_LIMIT).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The words the generated prose is made of; every paragraph differs so that alignment has real work. */
const WORDS = (
  'the security environment of the state changes rapidly and every order must adapt to it while the ministry ' +
  'reviews its policy for regional cooperation with partners in trade defence energy and climate before the next ' +
  'session of parliament approves a budget'
).split(' ');

/** Paragraph `i`: about `words` words, a deterministic mix so that paragraphs are distinct. */
function paragraph(i: number, words = 60): string {
  const out: string[] = [];
  for (let k = 0; k < words; k++) out.push(WORDS[(i * 7 + k * 3 + ((i >> 3) % 5) * k) % WORDS.length] as string);
  out.push(String(i));
  const text = out.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** A two-character line: a letter and a digit, varied. */
function shortLine(i: number): string {
  return `${String.fromCharCode(97 + ((i * 7) % 26))}${i % 10}`;
}

/** Paragraphs with a numbered heading every 20, until `bytes` characters. */
function prose(bytes: number, heading: (n: number) => string): string[] {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const part = i % 20 === 0 ? `${heading(i / 20 + 1)}\n\n${paragraph(i)}` : paragraph(i);
    parts.push(part);
    size += part.length + 2;
  }
  return parts;
}

/** One generated case: its file name and a function producing its bytes. */
interface Case {
  file: string;
  make: (scale: number) => Promise<Uint8Array | string>;
}

const MIB = 1024 * 1024;

/** Every case by name. */
export const CASES: Record<string, Case> = {
  /** 63 MiB of plain prose, just under the 64 MiB default limit. */
  'text-63mib': {
    file: 'text-63mib.txt',
    make: async (scale) => `${prose(63 * MIB * scale - 200, (n) => `${n}. Section ${n}`).join('\n\n')}\n`,
  },
  /** 8 MiB of plain prose: what the engine should still process within the memory target. */
  'text-8mib': {
    file: 'text-8mib.txt',
    make: async (scale) => `${prose(8 * MIB * scale, (n) => `${n}. Section ${n}`).join('\n\n')}\n`,
  },
  /** 200,000 short lines (about 0.6 MB) with single line breaks: one huge block of lines — the per-line cost. */
  'lines-200k': {
    file: 'lines-200k.txt',
    make: async (scale) => Array.from({ length: Math.round(200_000 * scale) }, (_, i) => shortLine(i)).join('\n'),
  },
  /** 200,000 short lines (about 0.8 MB), a blank line between: 200,000 blocks — the per-block cost. */
  'lines-200k-blocks': {
    file: 'lines-200k-blocks.txt',
    make: async (scale) => Array.from({ length: Math.round(200_000 * scale) }, (_, i) => shortLine(i)).join('\n\n'),
  },
  /** A 20 MB HTML page: navigation, a main article of headings and paragraphs. */
  'html-20mb': {
    file: 'html-20mb.html',
    make: async (scale) => {
      const body = prose(20 * 1000 * 1000 * scale, (n) => `\u0000${n}`)
        .map((p) => (p.startsWith('\u0000') ? p.replace(/^\u0000(\d+)\n\n(.*)$/s, '<h2>Section $1</h2>\n<p>$2</p>') : `<p>${p}</p>`))
        .join('\n');
      return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Large</title></head><body>
<nav><a href="/">Home</a></nav><main><article>${body}</article></main><footer>Footer</footer></body></html>\n`;
    },
  },
  /** A 20 MB Markdown file: ATX headings, paragraphs and short lists. */
  'markdown-20mb': {
    file: 'markdown-20mb.md',
    make: async (scale) =>
      `${prose(20 * 1000 * 1000 * scale, (n) => `## ${n}. Section ${n}\n\n- item one of ${n}\n- item two of ${n}`).join('\n\n')}\n`,
  },
  /** A DOCX of some 8 MB of text (a few MB zipped), made with the `docx` package. */
  'docx-8mb': {
    file: 'docx-8mb.docx',
    make: async (scale) => {
      const docx = await import('docx');
      const children = prose(8 * 1000 * 1000 * scale, (n) => `\u0000Section ${n}`).flatMap((p) => {
        const [head, body] = p.startsWith('\u0000') ? p.slice(1).split('\n\n') : [undefined, p];
        return [
          ...(head ? [new docx.Paragraph({ text: head, heading: docx.HeadingLevel.HEADING_2 })] : []),
          new docx.Paragraph({ text: body as string }),
        ];
      });
      return new Uint8Array(await docx.Packer.toBuffer(new docx.Document({ sections: [{ children }] })));
    },
  },
  /** A PDF of about 1,500 pages (a few MB), made with pdfkit. */
  'pdf-1500p': {
    file: 'pdf-1500p.pdf',
    make: async (scale) => {
      const { default: PDFDocument } = await import('pdfkit');
      const doc = new PDFDocument({ size: 'A4', margin: 72 });
      const chunks: Buffer[] = [];
      const done = new Promise<Buffer>((resolve) => {
        doc.on('data', (chunk: Buffer) => chunks.push(chunk));
        doc.on('end', () => resolve(Buffer.concat(chunks)));
      });
      let pages = 1;
      doc.on('pageAdded', () => pages++);
      const limit = Math.max(1, Math.round(1500 * scale));
      for (let i = 0; pages < limit; i++) {
        if (i % 20 === 0) doc.font('Helvetica-Bold').fontSize(13).text(`${i / 20 + 1}. Section ${i / 20 + 1}`);
        doc.font('Times-Roman').fontSize(10).text(paragraph(i), { paragraphGap: 6 });
      }
      doc.end();
      return new Uint8Array(await done);
    },
  },
};

/** Write the named cases (all when none) into `folder`; answers the paths written. */
export async function generate(folder: string, names: readonly string[], scale = 1): Promise<string[]> {
  mkdirSync(folder, { recursive: true });
  const written: string[] = [];
  for (const name of names.length > 0 ? names : Object.keys(CASES)) {
    const spec = CASES[name];
    if (spec === undefined) throw new Error(`unknown case ${name}; known: ${Object.keys(CASES).join(', ')}`);
    const path = join(folder, spec.file);
    writeFileSync(path, await spec.make(scale));
    written.push(path);
  }
  return written;
}

if (process.argv[1]?.endsWith('generate-large.ts')) {
  const args = process.argv.slice(2);
  const scaleAt = args.indexOf('--scale');
  const scale = scaleAt >= 0 ? Number(args.splice(scaleAt, 2)[1]) : 1;
  const [folder, ...names] = args;
  if (folder === undefined) {
    process.stderr.write(`usage: generate-large.ts OUTDIR [${Object.keys(CASES).join('|')}…] [--scale X]\n`);
    process.exit(2);
  }
  for (const path of await generate(folder, names, scale)) process.stdout.write(`${path}\n`);
}
