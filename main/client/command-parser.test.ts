import { describe, expect, it } from 'vitest';
import { parseCommand, splitArguments, type Command } from './command-parser.js';
import { COMMANDS, commandHelp, completeCommand, findCommand, helpText } from './commands.js';

const parsesTo: Array<[string, Command]> = [
  ['hello everyone', { kind: 'say', text: 'hello everyone' }],
  ['  indented text  ', { kind: 'say', text: '  indented text  ' }],
  ['안녕하세요\r\n', { kind: 'say', text: '안녕하세요' }],
  ['//slash at the start', { kind: 'say', text: '/slash at the start' }],
  ['', { kind: 'empty' }],
  ['   \t', { kind: 'empty' }],
  ['/to hansung Hello there ..', { kind: 'to', to: 'hansung', text: 'Hello there ..' }],
  ['/w hansung  two  spaces kept', { kind: 'to', to: 'hansung', text: 'two  spaces kept' }],
  ['/whisper bob hi', { kind: 'to', to: 'bob', text: 'hi' }],
  ['/TO Bob hi', { kind: 'to', to: 'Bob', text: 'hi' }],
  ['/list', { kind: 'list' }],
  ['/list   ', { kind: 'list' }],
  ['/sleep', { kind: 'sleep' }],
  ['/sleep out for lunch', { kind: 'sleep', text: 'out for lunch' }],
  ['/wakeup', { kind: 'wakeup' }],
  ['/with user2', { kind: 'with', to: 'user2' }],
  ['/accept', { kind: 'accept' }],
  ['/accept user1', { kind: 'accept', from: 'user1' }],
  ['/decline user1', { kind: 'decline', from: 'user1' }],
  ['/end', { kind: 'end' }],
  ['/nick neo', { kind: 'nick', nick: 'neo' }],
  ['/version', { kind: 'version' }],
  ['/ping', { kind: 'ping' }],
  ['/help', { kind: 'help' }],
  ['/help /to', { kind: 'help', topic: 'to' }],
  ['/exit', { kind: 'exit' }],
  ['/quit', { kind: 'exit' }],
  ['/filesend bob a.txt', { kind: 'filesend', to: 'bob', paths: ['a.txt'] }],
  [
    '/filesend bob a.txt "my photos/b c.jpg" \'d e\'',
    { kind: 'filesend', to: 'bob', paths: ['a.txt', 'my photos/b c.jpg', 'd e'] },
  ],
  ['/cancel', { kind: 'cancel' }],
  ['/cancel 3', { kind: 'cancel', target: '3' }],
];

describe('parseCommand', () => {
  it.each(parsesTo)('parses %j', (input, expected) => {
    expect(parseCommand(input)).toEqual({ ok: true, command: expected });
  });

  const refused: Array<[string, RegExp, RegExp]> = [
    ['/to', /needs a nickname and a message/, /Usage: \/to <nick> <text>/],
    ['/to bob', /needs a message/, /Usage/],
    ['/to bob    ', /needs a message/, /Usage/],
    ['/with', /needs a nickname/, /Usage: \/with <nick>/],
    ['/with a b', /takes only a nickname/, /Usage/],
    ['/nick', /needs the new nickname/, /Usage: \/nick/],
    ['/list everyone', /takes no arguments/, /Usage: \/list/],
    ['/filesend bob', /needs at least one file/, /Usage: \/filesend/],
    ['/filesend bob "unclosed', /quote .* not closed/, /Usage/],
    ['/', /command name must follow/, /\/help/],
    ['/lsit', /Unknown command \/lsit\./, /Did you mean \/list\?/],
    ['/wakup', /Unknown command/, /Did you mean \/wakeup\?/],
    ['/frobnicate', /Unknown command \/frobnicate\./, /Type \/help .* \/\//],
  ];
  it.each(refused)('refuses %j with a clear message and hint', (input, message, hint) => {
    const result = parseCommand(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toMatch(message);
    expect(result.hint).toMatch(hint);
  });
});

describe('splitArguments', () => {
  it('reports an unclosed quote and keeps empty quoted arguments', () => {
    expect(splitArguments('a "" b')).toEqual({ args: ['a', '', 'b'], unclosedQuote: false });
    expect(splitArguments("it's")).toEqual({ args: ['its'], unclosedQuote: true });
  });
});

describe('command table', () => {
  it('has a parser for every command, so each listed usage parses', () => {
    for (const spec of COMMANDS) {
      // Build a valid line from the usage: fill <...> slots with sample words and drop optional [...] ones.
      const line = spec.usage.replace(/\s*\[[^\]]*\]/g, '').replace(/<[^>]+>(\.\.\.)?/g, 'x');
      const result = parseCommand(line);
      expect(result.ok, `${spec.usage} → ${line}`).toBe(true);
      if (result.ok) expect(result.command.kind).toBe(spec.name);
    }
  });

  it('finds commands by alias and completes prefixes once per command', () => {
    expect(findCommand('W')?.name).toBe('to');
    expect(completeCommand('w').map((spec) => spec.name)).toEqual(['to', 'list', 'wakeup', 'with']);
    expect(completeCommand('')).toHaveLength(COMMANDS.length);
  });

  it('gives help for the whole table and for one command', () => {
    const help = helpText();
    for (const spec of COMMANDS) expect(help).toContain(spec.usage);
    expect(commandHelp('/w')).toMatch(/^\/to <nick> <text>\n .*Whisper[\s\S]*\/w, \/whisper/);
    expect(commandHelp('nope')).toBeUndefined();
  });
});
