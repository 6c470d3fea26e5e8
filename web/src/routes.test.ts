import { describe, expect, it } from 'vitest';
import { matchRoute, paths } from './routes.js';

describe('matchRoute', () => {
  it('matches every page and decodes its parameters', () => {
    expect(matchRoute('/')).toEqual({ name: 'library' });
    expect(matchRoute('/search')).toEqual({ name: 'search' });
    expect(matchRoute('/upload/')).toEqual({ name: 'upload' });
    expect(matchRoute('/jobs')).toEqual({ name: 'jobs' });
    expect(paths.jobs()).toBe('/jobs');
    expect(matchRoute('/series/blue%20book')).toEqual({ name: 'series', series: 'blue book' });
    expect(matchRoute('/series/bluebook/compare/2020/2022')).toEqual({
      name: 'compare',
      series: 'bluebook',
      old: '2020',
      new: '2022',
    });
    expect(matchRoute('/series/bluebook/blame')).toEqual({ name: 'blame', series: 'bluebook' });
    expect(matchRoute('/series/%E5%A4%96%E4%BA%A4/blame/%E4%BB%A4%E5%92%8C4')).toEqual({
      name: 'blame',
      series: '外交',
      edition: '令和4',
    });
    expect(matchRoute('/series/bluebook/trace')).toEqual({ name: 'trace', series: 'bluebook' });
  });

  it('answers not-found for unknown or malformed paths instead of throwing', () => {
    expect(matchRoute('/series/bluebook/compare/2020').name).toBe('not-found');
    expect(matchRoute('/series/%E0%A4%A/blame').name).toBe('not-found');
    expect(matchRoute('/nope').name).toBe('not-found');
    expect(matchRoute('/series//blame').name).toBe('not-found');
  });

  it('round-trips labels with slashes, hashes and spaces through the path builders', () => {
    const path = paths.compare('a/b', '2020 #1', '2022?x');
    expect(path).toBe('/series/a%2Fb/compare/2020%20%231/2022%3Fx');
    expect(matchRoute(path)).toEqual({ name: 'compare', series: 'a/b', old: '2020 #1', new: '2022?x' });
    expect(paths.compare('s', 'a', 'b', 't12')).toBe('/series/s/compare/a/b#t12');
  });
});
