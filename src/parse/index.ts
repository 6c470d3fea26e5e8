/** The plain-text parser's public surface: `parseText`, the sentence splitter and the outline printer. */
export { describeTree } from './describe.js';
export { type LabelMatch, matchLabel } from './headings.js';
export { splitSentences } from './sentences.js';
export { type BlockHint, type ParseOptions, parseText } from './text.js';
