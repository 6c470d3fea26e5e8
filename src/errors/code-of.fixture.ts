/** Test helper shared by the suites that check coded failures. */
import { isPalimpsestError } from './errors.js';

/** The code of the PalimpsestError `work` rejects with, or 'no error' when it resolves; other errors propagate. */
export async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (isPalimpsestError(error)) return error.code;
    throw error;
  }
  return 'no error';
}
