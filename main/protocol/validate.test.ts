import { describe, expect, it } from 'vitest';
import { checkAwayText, checkChatText, MAX_AWAY_TEXT_BYTES, validateClientMessage } from './validate.js';

describe('validateClientMessage', () => {
  it('accepts every well-formed request and ignores extra fields', () => {
    const good = [
      { t: 'login', id: 1, nick: 'atom' },
      { t: 'login', id: 1, nick: 'atom', password: 'pw' },
      { t: 'say', id: 2, text: 'hi', scope: 'room' },
      { t: 'say', id: 2, text: 'hi', extra: [1, 2] },
      { t: 'whisper', id: 3, to: 'bee', text: 'psst' },
      { t: 'list', id: 4 },
      { t: 'sleep', id: 5 },
      { t: 'sleep', id: 5, text: 'lunch' },
      { t: 'wakeup', id: 6 },
      { t: 'with', id: 7, to: 'bee' },
      { t: 'with.answer', id: 8, from: 'bee', accept: false },
      { t: 'end', id: 9 },
      { t: 'nick', id: 10, nick: 'proton' },
      { t: 'version', id: 11 },
      { t: 'hello', v: 1, app: 'x' },
      { t: 'ping', id: 0 },
      { t: 'pong', id: 5 },
      { t: 'bye' },
    ];
    for (const frame of good)
      expect(validateClientMessage(frame), JSON.stringify(frame)).toMatchObject({ ok: true, kind: 'message' });
  });

  it('names the wrong field, keeping the id so the reply can be matched', () => {
    expect(validateClientMessage({ t: 'whisper', id: 3, to: 'bee' })).toEqual({
      ok: false,
      id: 3,
      code: 'bad_request',
      message: 'whisper: "text" must be a string',
    });
    expect(validateClientMessage({ t: 'say', id: 1, text: 'x', scope: 'everyone' })).toMatchObject({
      id: 1,
      message: expect.stringContaining('"scope"'),
    });
    expect(validateClientMessage({ t: 'with.answer', id: 1, from: 'a', accept: 'yes' })).toMatchObject({
      code: 'bad_request',
    });
    expect(validateClientMessage({ t: 'login', id: 1, nick: 'a', password: 'p'.repeat(257) })).toMatchObject({
      code: 'bad_request',
    });
  });

  it('refuses requests without a usable id, with no id in the error', () => {
    for (const id of [undefined, 0, -1, 1.5, '1', Number.MAX_SAFE_INTEGER + 1]) {
      const result = validateClientMessage({ t: 'list', id });
      expect(result).toMatchObject({ ok: false, code: 'bad_request' });
      expect(result).not.toHaveProperty('id', expect.anything());
    }
    expect(validateClientMessage({ t: 'hello' })).toMatchObject({ ok: false, code: 'bad_request' });
    expect(validateClientMessage({ t: 'ping', id: -1 })).toMatchObject({ ok: false });
  });

  it('reports unknown types and hands file.* frames on unchecked', () => {
    expect(validateClientMessage({ t: 'dance', id: 4 })).toMatchObject({ ok: false, id: 4, code: 'unknown_type' });
    expect(validateClientMessage({ t: 'toString', id: 4 })).toMatchObject({ ok: false, code: 'unknown_type' });
    expect(validateClientMessage({ t: 'file.offer', id: 4, anything: true })).toMatchObject({ ok: true, kind: 'file' });
  });
});

describe('checkChatText', () => {
  it('refuses blank, oversized and control-character text; allows tab, newline and any language', () => {
    expect(checkChatText(' \n\t ')).toMatchObject({ ok: false, code: 'text_empty' });
    expect(checkChatText('가'.repeat(1365))).toEqual({ ok: true });
    expect(checkChatText('가'.repeat(1366))).toMatchObject({ ok: false, code: 'text_too_long' });
    expect(checkChatText('\u001b[2Jhi')).toMatchObject({ ok: false, code: 'bad_request' });
    expect(checkChatText('a\tb\nc 사랑방 😀')).toEqual({ ok: true });
  });

  it('refuses C1 controls and lone surrogates, which JSON can carry', () => {
    for (const text of ['hi\u0085there', 'csi\u009b2J', 'x\u0080', 'a\ud800b', 'b\udfffa', '\ud83d']) {
      expect(checkChatText(text)).toMatchObject({ ok: false, code: 'bad_request' });
    }
    expect(checkChatText('\u00a0Ünal \ud83d\ude00')).toEqual({ ok: true });
  });
});

describe('checkAwayText', () => {
  it('refuses long text, controls (C0, DEL, C1) and lone surrogates; allows an empty text', () => {
    expect(checkAwayText('')).toEqual({ ok: true });
    expect(checkAwayText('점심 먹으러 감 🍜')).toEqual({ ok: true });
    expect(checkAwayText('a'.repeat(MAX_AWAY_TEXT_BYTES + 1))).toMatchObject({ ok: false, code: 'text_too_long' });
    for (const text of ['lunch\u001b[2J', 'lunch\u007f', 'lunch\u009b', 'lunch\udc00']) {
      expect(checkAwayText(text)).toMatchObject({ ok: false, code: 'bad_request' });
    }
  });
});
