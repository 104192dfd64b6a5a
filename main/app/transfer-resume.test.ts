import { describe, expect, it } from 'vitest';
import type { TransferInfo } from '@contract/ipc-contract';
import { canResume, resumeSource } from './transfer-resume.js';

const info = (patch: Partial<TransferInfo>): TransferInfo => ({
  transferId: 'o:0',
  offerId: 'o',
  direction: 'send',
  peer: 'bora',
  name: 'a.txt',
  size: 10,
  bytes: 4,
  state: 'interrupted',
  resumable: true,
  canShowInFolder: false,
  createdAt: 0,
  ...patch,
});

describe('the resume rule', () => {
  it('a send that stopped because something went away can be resumed; a failure of the file itself cannot', () => {
    expect(canResume('send', { state: 'interrupted', reason: 'disconnected' })).toBe(true);
    expect(canResume('send', { state: 'failed', reason: 'peer_left' })).toBe(true);
    expect(canResume('send', { state: 'failed', reason: 'host_stopped' })).toBe(true);
    expect(canResume('send', { state: 'failed', reason: 'hash_mismatch' })).toBe(false);
    expect(canResume('send', { state: 'cancelled', reason: 'cancelled_by_me' })).toBe(false);
    expect(canResume('receive', { state: 'interrupted', reason: 'disconnected' })).toBe(false);
  });

  it('resuming offers the same local file again, only for a stopped send whose file is still known', () => {
    expect(resumeSource(info({}), '/home/a.txt')).toBe('/home/a.txt');
    expect(() => resumeSource(info({ direction: 'receive' }), undefined)).toThrow(/Ask bora to send “a.txt” again/);
    expect(() => resumeSource(info({ state: 'running' }), '/home/a.txt')).toThrow(
      expect.objectContaining({ code: 'not_resumable' }),
    );
    expect(() => resumeSource(info({ state: 'failed' }), undefined)).toThrow(
      expect.objectContaining({ code: 'not_resumable' }),
    );
  });
});
