import { describe, expect, it } from 'vitest';
import { connectionLost } from './file-transfers.js';

describe('why an interrupted transfer ended', () => {
  it('says "connection lost" once, with the session reason only when it adds something', () => {
    expect(connectionLost('The connection to the room was lost.')).toBe('The connection to the room was lost.');
    expect(connectionLost('The room stopped answering; reconnecting.')).toBe(
      'The connection to the room was lost: The room stopped answering; reconnecting.',
    );
  });
});
