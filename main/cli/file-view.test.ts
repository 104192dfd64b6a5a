import { describe, expect, it } from 'vitest';
import { TypedEmitter } from '../client/typed-emitter.js';
import type { FileTransfers } from '../transfer/file-transfers.js';
import type { TransferEvents, TransferInfo } from '../transfer/transfer-types.js';
import { FileView } from './file-view.js';
import { PromptQueue } from './prompts.js';

const info: TransferInfo = {
  transfer: 't1',
  offer: 'o1',
  index: 0,
  direction: 'send',
  peer: 'bob',
  name: 'big.bin',
  size: 100_000_000,
  offset: 0,
};

describe('FileView', () => {
  it('a progress report that comes after its transfer ended does not bring it back into the prompt', () => {
    const events = new TypedEmitter<TransferEvents>();
    const printed: string[] = [];
    const view = new FileView(events as unknown as FileTransfers, (line) => printed.push(line), new PromptQueue());
    const progress = (bytes: number) => ({
      ...info,
      bytes,
      size: info.size,
      percent: bytes / 1_000_000,
      bytesPerSecond: 0,
      etaSeconds: undefined,
    });
    events.emit('progress', progress(93_000_000));
    expect(view.progressText()).toBe('big.bin 93%');
    events.emit('ended', {
      ...info,
      ok: false,
      reason: 'receiver_left',
      message: 'bob left the room; big.bin stopped.',
      keptForResume: false,
      bytes: 93_000_000,
    });
    events.emit('progress', progress(100_000_000));
    expect(view.progressText()).toBe('');
    expect(printed).toEqual(['big.bin: 75% (93000000 bytes)', '! big.bin: bob left the room; big.bin stopped.']);
    expect(view.undelivered()).toBe(1);
  });
});
