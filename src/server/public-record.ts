/**
 * Edition records as the API shows them. The store keeps each edition's source as the user named it, which for a
 * local file is often an absolute path (`/home/alice/drafts/2020.txt`): provenance for the owner, but a leak of the
 * server's folders and user names to anyone who can read the API. Responses therefore carry only a file's base name;
 * a URL source is public already and stays whole.
 */
import type { EditionRecord } from '../store/index.js';

/** Sources that are URLs (kept whole): an http(s) address. */
const URL_SOURCE = /^https?:\/\//i;

/** The name of a source as the API shows it: a URL unchanged, a file path reduced to its last segment. */
export function publicSourceName(name: string): string {
  if (URL_SOURCE.test(name)) return name;
  const last = name
    .replace(/[/\\]+$/, '')
    .split(/[/\\]/)
    .pop();
  return last === undefined || last === '' ? name : last;
}

/** The record as the API answers it: the same fields, with `source.name` made public (`publicSourceName`). */
export function publicEditionRecord(record: EditionRecord): EditionRecord {
  return { ...record, source: { ...record.source, name: publicSourceName(record.source.name) } };
}
