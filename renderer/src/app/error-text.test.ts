import { describe, expect, it } from 'vitest';
import type { AppErrorCode } from '@contract/ipc-contract';
import { en } from '../i18n/en';
import { ko } from '../i18n/ko';
import { errorText } from './error-text';

const RAW = 'frame of 20043 bytes exceeds 16384';
const CODES: AppErrorCode[] = [
  'internal',
  'text_too_long',
  'text_empty',
  'banned_word',
  'rate_limited',
  'not_connected',
  'no_such_user',
  'bad_payload',
  'file_too_large',
  'not_a_file',
  'refused',
  'nick_taken',
];

describe('errorText', () => {
  it('words every error in the UI language and never shows what main said', () => {
    for (const code of CODES) {
      const english = errorText(en, { code, message: RAW }, 'hana');
      const korean = errorText(ko, { code, message: RAW }, 'hana');
      expect(english).not.toContain('frame');
      expect(korean).not.toContain('frame');
      expect(korean).toMatch(/[가-힣]/);
      expect(english).not.toBe(en.errorGeneric);
    }
    expect(errorText(en, { code: 'text_too_long', message: RAW })).toBe(
      'The message is too long for this room. Split it or send it as a file.',
    );
    expect(errorText(en, { code: 'no_such_user', message: RAW }, 'hana')).toBe(
      'There is no one called hana in the room.',
    );
  });

  it('says something generic for a code this page does not know (a newer app), not the raw message', () => {
    const unknown = { code: 'quota_exceeded' as AppErrorCode, message: RAW };
    expect(errorText(en, unknown)).toBe(en.errorGeneric);
    expect(errorText(ko, unknown)).toBe(ko.errorGeneric);
  });
});
