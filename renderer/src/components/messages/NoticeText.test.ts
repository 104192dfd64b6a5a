import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en';
import { ko } from '../../i18n/ko';
import { noticeSentence } from './NoticeText';

describe('noticeSentence', () => {
  // Every reason the server documents for a 1:1 ending must have words (a missing one used to throw while rendering).
  const reasons = ['ended', 'declined', 'expired', 'left', 'cancelled', 'busy'] as const;

  it.each(reasons)('says something about a 1:1 that ended as %s, in English and Korean', (reason) => {
    for (const t of [en, ko]) {
      const sentence = noticeSentence(t, { type: 'dm-ended', peer: 'bora', reason });
      expect(sentence).toContain('bora');
    }
  });
});
