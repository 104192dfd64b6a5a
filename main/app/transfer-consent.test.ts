import { describe, expect, it } from 'vitest';
import { TrustedSenders } from './transfer-consent.js';

describe('who may send me files without asking', () => {
  it('a trusted sender is trusted under any spelling of its name, until the next room session', () => {
    const trusted = new TrustedSenders();
    expect(trusted.consentFor({ from: 'Bora' })).toBe('ask');
    trusted.trust({ from: 'Bora' });
    expect(trusted.consentFor({ from: 'bora' })).toBe('auto_accept');
    expect(trusted.consentFor({ from: 'atom' })).toBe('ask');
    trusted.reset();
    expect(trusted.consentFor({ from: 'Bora' })).toBe('ask');
  });
});
