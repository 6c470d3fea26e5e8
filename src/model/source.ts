/** Source maps: where spans of an edition's extracted text came from in its original file (issue 3). */

/** Where a span of extracted text came from in the original file. */
export interface SourceLocation {
  /** PDF: 1-based page number, and the text's bounding box in PDF user-space units (origin bottom-left). */
  page?: number;
  box?: { x: number; y: number; width: number; height: number };
  /** HTML: a CSS-like path of the element, e.g. `main > section:nth-of-type(2) > p:nth-of-type(3)`. */
  element?: string;
  /** DOCX: 0-based index of the paragraph (w:p) in word/document.xml's body. */
  paragraph?: number;
  /** Text, Markdown: 1-based line in the decoded original. */
  line?: number;
}

/** One entry of a source map: the extracted text [start, end) came from `source`. Entries are sorted by `start`. */
export interface SourceSpan {
  start: number;
  end: number;
  source: SourceLocation;
}
