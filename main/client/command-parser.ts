/**
 * Parses one line a user typed. Pure and table-driven: each command's argument rules sit in PARSERS below, its
 * name, aliases and help in commands.ts. Plain text is a `say`; `//text` sends `/text`.
 */
import { COMMANDS, findCommand, type CommandName, type CommandSpec } from './commands.js';

export type Command =
  | { kind: 'empty' }
  | { kind: 'say'; text: string }
  | { kind: 'to'; to: string; text: string }
  | { kind: 'list' }
  | { kind: 'sleep'; text?: string }
  | { kind: 'wakeup' }
  | { kind: 'with'; to: string }
  | { kind: 'accept'; from?: string }
  | { kind: 'decline'; from?: string }
  | { kind: 'end' }
  | { kind: 'nick'; nick: string }
  | { kind: 'rooms' }
  | { kind: 'join'; room: string }
  | { kind: 'version' }
  | { kind: 'ping' }
  | { kind: 'filesend'; to: string; paths: string[] }
  | { kind: 'cancel'; target?: string }
  | { kind: 'help'; topic?: string }
  | { kind: 'exit' };

export type ParseResult = { ok: true; command: Command } | { ok: false; message: string; hint?: string };

const ok = (command: Command): ParseResult => ({ ok: true, command });
const usage = (spec: CommandSpec, message: string): ParseResult => ({
  ok: false,
  message,
  hint: `Usage: ${spec.usage}`,
});

/** Splits off the first whitespace-delimited word. */
function firstWord(text: string): { word: string; rest: string } {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(text);
  return match ? { word: match[1] ?? '', rest: match[2] ?? '' } : { word: '', rest: '' };
}

/** Splits arguments on white space; "double" or 'single' quotes keep spaces inside one argument. */
export function splitArguments(text: string): { args: string[]; unclosedQuote: boolean } {
  const args: string[] = [];
  let current = '';
  let inArg = false;
  let quote: '"' | "'" | undefined;
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = undefined;
      else current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      inArg = true;
    } else if (/\s/.test(char)) {
      if (inArg) args.push(current);
      current = '';
      inArg = false;
    } else {
      current += char;
      inArg = true;
    }
  }
  if (inArg) args.push(current);
  return { args, unclosedQuote: quote !== undefined };
}

type ArgParser = (rest: string, spec: CommandSpec) => ParseResult;

const noArguments =
  (command: Command): ArgParser =>
  (rest, spec) =>
    rest === '' ? ok(command) : usage(spec, `/${spec.name} takes no arguments.`);

const optionalWord =
  (make: (word?: string) => Command): ArgParser =>
  (rest, spec) => {
    const { word, rest: extra } = firstWord(rest);
    if (extra !== '') return usage(spec, `/${spec.name} takes at most one argument.`);
    return ok(make(word === '' ? undefined : word));
  };

const requiredWord =
  (what: string, make: (word: string) => Command): ArgParser =>
  (rest, spec) => {
    const { word, rest: extra } = firstWord(rest);
    if (word === '') return usage(spec, `/${spec.name} needs ${what}.`);
    if (extra !== '') return usage(spec, `/${spec.name} takes only ${what}.`);
    return ok(make(word));
  };

const PARSERS: Record<CommandName, ArgParser> = {
  to: (rest, spec) => {
    const { word: to, rest: text } = firstWord(rest);
    if (to === '') return usage(spec, '/to needs a nickname and a message.');
    if (text.trim() === '') return usage(spec, `/to ${to} needs a message.`);
    return ok({ kind: 'to', to, text });
  },
  list: noArguments({ kind: 'list' }),
  sleep: (rest) => ok(rest === '' ? { kind: 'sleep' } : { kind: 'sleep', text: rest }),
  wakeup: noArguments({ kind: 'wakeup' }),
  with: requiredWord('a nickname', (to) => ({ kind: 'with', to })),
  accept: optionalWord((from) => (from === undefined ? { kind: 'accept' } : { kind: 'accept', from })),
  decline: optionalWord((from) => (from === undefined ? { kind: 'decline' } : { kind: 'decline', from })),
  end: noArguments({ kind: 'end' }),
  nick: requiredWord('the new nickname', (nick) => ({ kind: 'nick', nick })),
  rooms: noArguments({ kind: 'rooms' }),
  join: requiredWord('a room name', (room) => ({ kind: 'join', room })),
  version: noArguments({ kind: 'version' }),
  ping: noArguments({ kind: 'ping' }),
  filesend: (rest, spec) => {
    const { word: to, rest: pathText } = firstWord(rest);
    if (to === '') return usage(spec, '/filesend needs a nickname and at least one file.');
    const { args: paths, unclosedQuote } = splitArguments(pathText);
    if (unclosedQuote) return usage(spec, 'A quote in the file list is not closed.');
    if (paths.length === 0) return usage(spec, `/filesend ${to} needs at least one file.`);
    return ok({ kind: 'filesend', to, paths });
  },
  cancel: optionalWord((target) => (target === undefined ? { kind: 'cancel' } : { kind: 'cancel', target })),
  help: optionalWord((topic) =>
    topic === undefined ? { kind: 'help' } : { kind: 'help', topic: topic.replace(/^\//, '') },
  ),
  exit: noArguments({ kind: 'exit' }),
};

/** Edit distance counting a swap of two neighbours as one edit (optimal string alignment), for "did you mean". */
function distance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => rows[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (rows[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

function suggestion(name: string): string | undefined {
  const lower = name.toLowerCase();
  let best: { name: string; score: number } | undefined;
  for (const spec of COMMANDS) {
    for (const candidate of [spec.name, ...spec.aliases.filter((alias) => alias.length > 2)]) {
      const score = candidate.startsWith(lower) && lower.length >= 2 ? 0.5 : distance(lower, candidate);
      if (!best || score < best.score) best = { name: spec.name, score };
    }
  }
  return best && best.score <= Math.max(1, Math.floor(lower.length / 3)) ? best.name : undefined;
}

/** Parses one line of user input. Never throws. */
export function parseCommand(input: string): ParseResult {
  const line = input.replace(/[\r\n]+$/, '');
  if (line.trim() === '') return ok({ kind: 'empty' });
  if (!line.startsWith('/')) return ok({ kind: 'say', text: line });
  if (line.startsWith('//')) return ok({ kind: 'say', text: line.slice(1) });
  const { word, rest } = firstWord(line.slice(1));
  if (word === '')
    return { ok: false, message: 'A command name must follow the "/".', hint: 'Type /help for the list of commands.' };
  const spec = findCommand(word);
  if (!spec) {
    const near = suggestion(word);
    return {
      ok: false,
      message: `Unknown command /${word}.`,
      hint: near
        ? `Did you mean /${near}? Type /help for the list of commands.`
        : 'Type /help for the list of commands, or start with // to send a line beginning with /.',
    };
  }
  return PARSERS[spec.name](rest.replace(/\s+$/, ''), spec);
}
