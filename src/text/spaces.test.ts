import { describe, expect, it } from 'vitest';
import { isJavaScriptSpace } from './spaces.js';

describe('isJavaScriptSpace', () => {
  it('agrees with the regex \\s and with trim on every code unit', () => {
    for (let code = 0; code <= 0xffff; code++) {
      const character = String.fromCharCode(code);
      expect(isJavaScriptSpace(code)).toBe(/\s/.test(character));
      expect(isJavaScriptSpace(code)).toBe(character.trim() === '');
    }
  });
});
