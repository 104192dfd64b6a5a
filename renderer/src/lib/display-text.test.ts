import { describe, expect, it } from 'vitest';
import { displayName, displayText, stripAnsi } from './display-text';

describe('display text', () => {
  it('strips ANSI colour, cursor and OSC sequences', () => {
    expect(stripAnsi('\u001b[31mred\u001b[0m \u001b[2J\u001b[Hcls')).toBe('red cls');
    expect(stripAnsi('\u001b]0;title\u0007text')).toBe('text');
  });

  it('removes bidi overrides and control characters but keeps newlines', () => {
    expect(displayText('invoice\u202Efdp.exe')).toBe('invoicefdp.exe');
    expect(displayText('a\u0007b\nc\u0000')).toBe('ab\nc');
  });

  it('cuts long names and flattens them to one line', () => {
    const long = 'x'.repeat(10_000);
    expect(Array.from(displayName(long, 64))).toHaveLength(64);
    expect(displayName('a\nb')).toBe('a b');
  });
});
