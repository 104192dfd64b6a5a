import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en';
import { ko } from '../../i18n/ko';
import type { NoticeView } from '../../store/model';
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

describe('Korean notices', () => {
  it('name people the one way the course does, [nick]님, in every notice about someone', () => {
    const notices = [
      { type: 'joined', nick: 'bora' },
      { type: 'left', nick: 'bora', reason: 'quit' },
      { type: 'left', nick: 'bora', reason: 'disconnected' },
      { type: 'renamed', from: 'bora', to: 'bori' },
      { type: 'away', nick: 'bora' },
      { type: 'back', nick: 'bora' },
      { type: 'dm-started', peer: 'bora' },
      ...(['ended', 'declined', 'expired', 'left', 'cancelled', 'busy'] as const).map((reason) => ({
        type: 'dm-ended' as const,
        peer: 'bora',
        reason,
      })),
      { type: 'unencrypted', nick: 'bora' },
    ] as const satisfies readonly NoticeView[];
    for (const notice of notices) {
      const sentence = noticeSentence(ko, notice);
      expect(sentence, sentence).toContain('[bora]님');
      expect(sentence, sentence).not.toMatch(/했습니다|바꿨/);
    }
  });

  it('words the host closing the room and a reconnect in the UI language, keeping a host’s own words', () => {
    const closed = { type: 'server', code: 'host_stopping', text: 'The host closed the room.' } as const;
    expect(noticeSentence(ko, closed)).toBe('방장이 방을 닫았습니다.');
    expect(noticeSentence(en, closed)).toBe('The host closed the room.');
    expect(noticeSentence(ko, { ...closed, text: 'Lunch!' })).toBe('방장이 방을 닫았습니다. “Lunch!”');
    const back = { type: 'server', code: 'app.reconnected', text: 'Reconnected to the room.' } as const;
    expect(noticeSentence(ko, back)).toBe('방에 다시 연결되었습니다.');
  });
});
