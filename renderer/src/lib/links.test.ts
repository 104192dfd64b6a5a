import { describe, expect, it } from 'vitest';
import { safeHttpUrl, splitLinks } from './links';

describe('links', () => {
  it('finds http and https links and leaves trailing punctuation outside', () => {
    expect(splitLinks('see https://example.com/a?b=1, and http://x.org.')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: ', and ' },
      { kind: 'link', text: 'http://x.org', href: 'http://x.org/' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('never makes javascript:, data: or file: into links', () => {
    for (const text of [
      'javascript:alert(1)',
      'data:text/html,<b>x</b>',
      'file:///etc/passwd',
      'JaVaScRiPt:alert(1)',
    ]) {
      expect(splitLinks(text).every((s) => s.kind === 'text')).toBe(true);
      expect(safeHttpUrl(text)).toBeNull();
    }
  });
});
