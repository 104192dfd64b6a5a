import type { Dictionary } from '../i18n/en';

/** Slash commands of the composer, from the course's command set and beyond. */
export interface CommandSpec {
  name: string;
  usage: string;
  /** Key of its one-line description in the dictionary. */
  help: keyof Dictionary & `cmd_${string}`;
  /** The first argument is a nickname (for autocomplete). */
  takesNick: boolean;
  aliases?: string[];
}

export const COMMANDS: readonly CommandSpec[] = [
  { name: 'help', usage: '/help', help: 'cmd_help', takesNick: false },
  { name: 'to', usage: '/to <nick> <message>', help: 'cmd_to', takesNick: true, aliases: ['w', 'whisper'] },
  { name: 'with', usage: '/with <nick>', help: 'cmd_with', takesNick: true },
  { name: 'end', usage: '/end', help: 'cmd_end', takesNick: false },
  { name: 'filesend', usage: '/filesend <nick>', help: 'cmd_filesend', takesNick: true },
  { name: 'sleep', usage: '/sleep [message]', help: 'cmd_sleep', takesNick: false },
  { name: 'wakeup', usage: '/wakeup', help: 'cmd_wakeup', takesNick: false },
  { name: 'list', usage: '/list', help: 'cmd_list', takesNick: false },
  { name: 'nick', usage: '/nick <new name>', help: 'cmd_nick', takesNick: false },
  { name: 'exit', usage: '/exit', help: 'cmd_exit', takesNick: false },
];

export function findCommand(name: string): CommandSpec | undefined {
  const lower = name.toLowerCase();
  return COMMANDS.find((c) => c.name === lower || c.aliases?.includes(lower));
}

export type ParsedInput =
  | { kind: 'text'; text: string }
  | { kind: 'command'; spec: CommandSpec; args: string; nick: string; rest: string }
  | { kind: 'unknown'; name: string };

/** "/to atom hi there" → command `to`, nick `atom`, rest `hi there`. "//x" sends "/x" as text. */
export function parseInput(input: string): ParsedInput {
  if (!input.startsWith('/') || input.startsWith('//')) {
    return { kind: 'text', text: input.startsWith('//') ? input.slice(1) : input };
  }
  const match = /^\/(\S+)\s*([\s\S]*)$/.exec(input);
  const name = match?.[1] ?? '';
  const args = (match?.[2] ?? '').trim();
  const spec = findCommand(name);
  if (!spec) return { kind: 'unknown', name: `/${name}` };
  const nickMatch = /^(\S+)\s*([\s\S]*)$/.exec(args);
  return { kind: 'command', spec, args, nick: nickMatch?.[1] ?? '', rest: nickMatch?.[2] ?? '' };
}

/**
 * The text a composer input sends as a message: plain text ("//x" sends "/x"), or a whisper's (`to` set). Other
 * commands send no message text: undefined.
 */
export function messageBody(input: string): { text: string; to?: string } | undefined {
  const parsed = parseInput(input);
  if (parsed.kind === 'text') return { text: parsed.text };
  if (parsed.kind === 'command' && parsed.spec.name === 'to' && parsed.nick)
    return { text: parsed.rest, to: parsed.nick };
  return undefined;
}

/** Text put back in the composer as a plain message: a leading "/" is escaped so it is not taken for a command. */
export function asComposerText(text: string): string {
  return text.startsWith('/') ? `/${text}` : text;
}

export interface Suggestion {
  /** Replaces the whole composer text when chosen. */
  completion: string;
  label: string;
  detail: string;
}

/** Autocomplete for the composer: command names after "/", then nicknames for commands that take one. */
export function suggest(input: string, nicks: readonly string[], self: string, t: Dictionary): Suggestion[] {
  if (!input.startsWith('/') || input.includes('\n')) return [];
  const commandPart = /^\/(\S*)$/.exec(input);
  if (commandPart) {
    const prefix = (commandPart[1] ?? '').toLowerCase();
    return COMMANDS.filter((c) => c.name.startsWith(prefix) || c.aliases?.some((a) => a.startsWith(prefix))).map(
      (c) => ({
        completion: `/${c.name} `,
        label: c.usage,
        detail: t[c.help],
      }),
    );
  }
  const nickPart = /^\/(\S+) (\S*)$/.exec(input);
  const spec = nickPart ? findCommand(nickPart[1] ?? '') : undefined;
  if (!nickPart || !spec?.takesNick) return [];
  const prefix = (nickPart[2] ?? '').toLowerCase();
  return nicks
    .filter(
      (n) => n.toLowerCase() !== self.toLowerCase() && n.toLowerCase().startsWith(prefix) && n.toLowerCase() !== prefix,
    )
    .slice(0, 8)
    .map((n) => ({ completion: `/${spec.name} ${n} `, label: n, detail: spec.usage }));
}
