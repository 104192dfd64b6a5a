import { describe, expect, it } from 'vitest';
import { en } from '../../i18n/en';
import { ko } from '../../i18n/ko';
import { transferReasonText } from './transfer-reason';

describe('why a transfer ended', () => {
  it('is said in the UI language from the reason code, not main’s English sentence', () => {
    const lost = { reason: 'disconnected', message: 'The connection to the room was lost.' } as const;
    expect(transferReasonText(ko, lost)).toBe('방과의 연결이 끊어졌습니다.');
    expect(transferReasonText(en, lost)).toBe('The connection to the room was lost.');
    expect(transferReasonText(ko, { reason: 'host_stopped', message: 'The host stopped.' })).toBe(
      '방장이 방을 닫았습니다.',
    );
  });

  it('falls back to the message when there is no code', () => {
    expect(transferReasonText(ko, { message: 'Disk full' })).toBe('Disk full');
  });
});
