import { describe, expect, it } from 'vitest';
import { redactLocation } from './errors.js';

describe('redactLocation', () => {
  it('hides a PostgreSQL password in the user info or a password parameter, and nothing else', () => {
    expect(redactLocation('postgres://user:s3cret@db.example:5432/app?schema=p')).toBe(
      'postgres://user:***@db.example:5432/app?schema=p',
    );
    expect(redactLocation('postgresql://user@db/app?password=s3cret&sslmode=require')).toBe(
      'postgresql://user@db/app?password=***&sslmode=require',
    );
    expect(redactLocation('postgres://user@db/app')).toBe('postgres://user@db/app');
    expect(redactLocation('/home/me/palimpsest.db')).toBe('/home/me/palimpsest.db');
  });

  it('hides the password of a URL too malformed to parse', () => {
    const shown = redactLocation('postgres://user:s3cret@[bad/app?password=other');
    expect(shown).not.toContain('s3cret');
    expect(shown).not.toContain('other');
    expect(shown).toContain('user:***@');
  });
});
