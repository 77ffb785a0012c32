import { createHash } from 'node:crypto';
import { bodyTag, etagMatches, versionTag } from './http-cache.js';

describe('Entity tags for public reads', () => {
  it('a body tag is the SHA-256 of the exact bytes, strong', () => {
    expect(bodyTag('{"a":1}')).toBe(`"${createHash('sha256').update('{"a":1}').digest('base64url')}"`);
    expect(bodyTag('{"a":1}')).not.toBe(bodyTag('{"a":2}'));
  });

  it('a version tag is weak and changes with the version', () => {
    expect(versionTag(7)).toBe('W/"7"');
    expect(versionTag('2026-12-07T10:00:00.000Z')).not.toBe(versionTag('2026-12-07T10:00:01.000Z'));
  });

  it('If-None-Match matches by weak comparison, in a list, or with *', () => {
    const tag = bodyTag('x');
    expect(etagMatches(tag, tag)).toBe(true);
    expect(etagMatches(`"other", W/${tag}`, tag)).toBe(true);
    expect(etagMatches('*', tag)).toBe(true);
    expect(etagMatches('"other"', tag)).toBe(false);
    expect(etagMatches(undefined, tag)).toBe(false);
    expect(etagMatches('W/"7"', versionTag(7))).toBe(true);
  });
});
