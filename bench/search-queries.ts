/** The search benchmarks' queries (bench:corpus, bench:scale), one list so their figures compare. */
export const SEARCH_QUERIES = [
  'terms',
  'personal data',
  'privacy policy',
  'arbitration',
  'Bundestag',
  'article',
  'Gesetz',
  '法律',
  '第一条',
  'liability',
  'account',
  'responsabilité',
];
