/**
 * Every slash-command a user can type, with usage and help text. The terminal client's /help and the desktop
 * autocomplete both read this list, so they never disagree with the parser (command-parser.ts uses it too).
 */
export type CommandName =
  | 'to'
  | 'list'
  | 'sleep'
  | 'wakeup'
  | 'with'
  | 'accept'
  | 'decline'
  | 'end'
  | 'nick'
  | 'rooms'
  | 'join'
  | 'version'
  | 'ping'
  | 'filesend'
  | 'cancel'
  | 'help'
  | 'exit';

/** What the command's arguments look like, for autocomplete: which argument slots take a nickname or a path. */
export type ArgKind = 'nick' | 'text' | 'paths' | 'command' | 'word';

export interface CommandSpec {
  name: CommandName;
  /** Other names that run the same command, without the slash. */
  aliases: readonly string[];
  /** Argument slots in order; `?` in `usage` marks the optional ones. */
  args: readonly ArgKind[];
  usage: string;
  summary: string;
}

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'to',
    aliases: ['w', 'whisper'],
    args: ['nick', 'text'],
    usage: '/to <nick> <text>',
    summary: 'Whisper to one user; only they see it.',
  },
  {
    name: 'list',
    aliases: ['users', 'who'],
    args: [],
    usage: '/list',
    summary: 'Show who is in the room and their status.',
  },
  {
    name: 'sleep',
    aliases: ['away'],
    args: ['text'],
    usage: '/sleep [text]',
    summary: 'Go away: room messages are held back and counted until you return.',
  },
  {
    name: 'wakeup',
    aliases: ['back'],
    args: [],
    usage: '/wakeup',
    summary: 'Come back from /sleep (sending anything does too).',
  },
  {
    name: 'with',
    aliases: [],
    args: ['nick'],
    usage: '/with <nick>',
    summary: 'Ask someone for a 1:1 conversation; they must accept.',
  },
  {
    name: 'accept',
    aliases: ['y', 'yes'],
    args: ['nick'],
    usage: '/accept [nick]',
    summary:
      'Accept a 1:1 request or file offer (the latest if no nick is given). For some files of an offer, type their numbers (e.g. 1 3).',
  },
  {
    name: 'decline',
    aliases: ['n', 'no'],
    args: ['nick'],
    usage: '/decline [nick]',
    summary: 'Decline a 1:1 request or file offer (the latest if no nick is given).',
  },
  {
    name: 'end',
    aliases: [],
    args: [],
    usage: '/end',
    summary: 'End the 1:1 conversation, or cancel your pending request.',
  },
  { name: 'nick', aliases: ['rename'], args: ['word'], usage: '/nick <new-nick>', summary: 'Change your nickname.' },
  { name: 'rooms', aliases: [], args: [], usage: '/rooms', summary: "List the server's rooms (a many-room server)." },
  {
    name: 'join',
    aliases: [],
    args: ['word'],
    usage: '/join <room>',
    summary: 'Move to another room of this server, with the same nickname.',
  },
  { name: 'version', aliases: [], args: [], usage: '/version', summary: "Show the room server's version." },
  { name: 'ping', aliases: [], args: [], usage: '/ping', summary: 'Measure the round-trip time to the room.' },
  {
    name: 'filesend',
    aliases: ['send', 'file'],
    args: ['nick', 'paths'],
    usage: '/filesend <nick> <path>...',
    summary: 'Offer files to a user; they must accept. Quote paths with spaces.',
  },
  {
    name: 'cancel',
    aliases: [],
    args: ['nick'],
    usage: '/cancel [nick]',
    summary: 'Cancel file offers and transfers with a user (all of yours if no one is named).',
  },
  {
    name: 'help',
    aliases: ['h', '?'],
    args: ['command'],
    usage: '/help [command]',
    summary: 'List the commands, or explain one.',
  },
  { name: 'exit', aliases: ['quit', 'q'], args: [], usage: '/exit', summary: 'Leave the room.' },
];

const byName = new Map<string, CommandSpec>();
for (const spec of COMMANDS) {
  byName.set(spec.name, spec);
  for (const alias of spec.aliases) byName.set(alias, spec);
}

/** Finds a command by name or alias, without the slash, case-insensitively. */
export function findCommand(name: string): CommandSpec | undefined {
  return byName.get(name.toLowerCase());
}

/** Every name and alias, for completion. */
export function commandNames(): string[] {
  return [...byName.keys()];
}

/** Commands whose name or alias starts with `prefix` (without the slash), each listed once, table order. */
export function completeCommand(prefix: string): CommandSpec[] {
  const lower = prefix.toLowerCase();
  return COMMANDS.filter(
    (spec) => spec.name.startsWith(lower) || spec.aliases.some((alias) => alias.startsWith(lower)),
  );
}

/** The full help text: one line per command. */
export function helpText(): string {
  const width = Math.max(...COMMANDS.map((spec) => spec.usage.length));
  const lines = COMMANDS.map((spec) => `  ${spec.usage.padEnd(width)}  ${spec.summary}`);
  return [
    'Commands (anything else is sent to the room; start with // to send a line beginning with /):',
    ...lines,
  ].join('\n');
}

/** Help for one command, or undefined if there is no such command. */
export function commandHelp(name: string): string | undefined {
  const spec = findCommand(name.replace(/^\//, ''));
  if (!spec) return undefined;
  const aliases = spec.aliases.length > 0 ? `\n  also: ${spec.aliases.map((alias) => `/${alias}`).join(', ')}` : '';
  return `${spec.usage}\n  ${spec.summary}${aliases}`;
}
