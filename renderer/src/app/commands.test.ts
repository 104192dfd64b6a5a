import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { parseInput, suggest } from './commands';

describe('slash commands', () => {
  it('parses commands, aliases and escaped slashes', () => {
    expect(parseInput('/to hana hello there')).toMatchObject({
      kind: 'command',
      spec: { name: 'to' },
      nick: 'hana',
      rest: 'hello there',
    });
    expect(parseInput('/W hana hi')).toMatchObject({ kind: 'command', spec: { name: 'to' } });
    expect(parseInput('/sleep gone fishing')).toMatchObject({
      kind: 'command',
      spec: { name: 'sleep' },
      args: 'gone fishing',
    });
    expect(parseInput('//shrug')).toEqual({ kind: 'text', text: '/shrug' });
    expect(parseInput('/nope')).toEqual({ kind: 'unknown', name: '/nope' });
    expect(parseInput('plain')).toEqual({ kind: 'text', text: 'plain' });
  });

  it('suggests commands after "/" and nicknames (not mine) for commands that take one', () => {
    expect(suggest('/', [], 'atom', en).map((s) => s.completion)).toContain('/help ');
    expect(suggest('/wi', [], 'atom', en).map((s) => s.completion)).toEqual(['/with ']);
    expect(suggest('/to h', ['hana', 'Hyun', 'atom', 'jun'], 'atom', en).map((s) => s.completion)).toEqual([
      '/to hana ',
      '/to Hyun ',
    ]);
    expect(suggest('/to ', ['hana', 'atom'], 'atom', en).map((s) => s.label)).toEqual(['hana']);
    expect(suggest('/sleep x', ['hana'], 'atom', en)).toEqual([]);
    expect(suggest('hello', ['hana'], 'atom', en)).toEqual([]);
  });
});
