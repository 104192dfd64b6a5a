/**
 * `sarangbang join <host>[:port] --name <nick>`: the terminal client. Lines typed (or piped) are parsed with the
 * client core's command parser and run one at a time, in order, so a script's output follows its input. Chat lines
 * go through the session's outbox (line-sender.ts): typed while reconnecting, they are sent after the reconnect; piped,
 * they are paced under the room's rate limit. At end of input it waits for the outbox (bounded) and pending answers,
 * then leaves the room cleanly; lines that could not be sent are listed on stderr (exit code 4). Members' keys are checked against the people this
 * profile has seen (`<config>/people.json`, whatever `--identity` says), so a nickname on a new key is pointed out.
 */
import { parseCommand, type Command } from '../client/command-parser.js';
import { ConnectionError, ProtocolError } from '../client/errors.js';
import type { SessionSecurityOptions } from '../client/session-types.js';
import { configFile } from '../security/config-dir.js';
import { loadOrCreateIdentity } from '../security/identity.js';
import { KnownHosts } from '../security/known-hosts.js';
import { People } from '../security/people.js';
import { commandHelp, completeCommand, helpText } from '../client/commands.js';
import { createClientSession, type ClientSession } from '../client/session.js';
import { FileTransfers } from '../transfer/file-transfers.js';
import { FileView } from './file-view.js';
import { sessionLanguage, type Language } from './file-words.js';
import { formatError, formatServerRooms, formatUserList, safeText } from './format.js';
import { LineSender } from './line-sender.js';
import { askHidden } from './password-prompt.js';
import { PromptQueue, parseFileChoice } from './prompts.js';
import { RoomView } from './room-view.js';
import type { RoomInfo } from '../protocol/messages.js';
import { checkRoomName, roomKey } from '../rooms/room-name.js';
import { Terminal, type TerminalIO } from './terminal.js';

export interface JoinOptions {
  host: string;
  port: number;
  nick: string;
  password?: string;
  reconnect: boolean;
  connectTimeoutMs?: number;
  app?: string;
  /** Where received files are saved. */
  downloadDir: string;
  /** Room code to verify the host against. */
  code?: string;
  /**
   * Our identity file (default <config>/identity.json); known hosts and people live in <config> (known-hosts.json,
   * people.json) wherever this file is.
   */
  identityFile?: string;
  trustNewIdentity?: boolean;
  /** Cleartext TCP (a warning is printed). */
  insecure?: boolean;
  /** The room to enter on a many-room server (`join HOST ROOM`, a link's path); absent: the default room. */
  room?: string;
  /** The language of the file lines; default from the locale (file-words.ts). */
  language?: Language;
}

/** The session's `security` option from the command line: our identity and pins from the config folder. */
async function sessionSecurity(options: JoinOptions, nick: string): Promise<SessionSecurityOptions> {
  if (options.insecure) return { insecure: true };
  const identity = await loadOrCreateIdentity(options.identityFile ?? configFile('identity'), nick);
  const knownHosts = await KnownHosts.load(configFile('knownHosts'));
  return {
    identity,
    knownHosts,
    ...(options.code === undefined ? {} : { code: options.code }),
    ...(options.trustNewIdentity ? { trustNewIdentity: true } : {}),
  };
}

/**
 * The people this profile has seen, from the config folder (never the --identity file's). None with --insecure: keys
 * stamped by a room that is not verified are not remembered.
 */
async function loadPeople(options: JoinOptions): Promise<People | undefined> {
  return options.insecure ? undefined : People.load(configFile('people'));
}

/** What to tell the user when the host's identity is not the one expected (several lines, for stderr). */
export function identityWarning(error: ConnectionError, where: string): string | undefined {
  const details = error.details;
  if (error.code === 'identity_changed' && details && 'oldCode' in details) {
    return [
      "! WARNING: THE ROOM'S IDENTITY HAS CHANGED. Nothing was sent to it.",
      `!   ${where} used to have the room code ${details.oldCode}`,
      `!   and now has the room code          ${details.newCode}.`,
      '!   Either the host made a new identity (reinstalled, another computer, deleted its identity file),',
      '!   or someone on the network is pretending to be the room to read what you send.',
      '!   Ask the host for its room code (the "Room code:" line of `sarangbang serve`). Only if it is the new one,',
      '!   join again with --trust-new-identity (or with --code <the new code>).',
    ].join('\n');
  }
  if (error.code === 'identity_mismatch' && details && 'expectedCode' in details) {
    return [
      '! WARNING: THIS IS NOT THE ROOM YOU WERE GIVEN. Nothing was sent to it.',
      `!   You asked for the room code ${details.expectedCode},`,
      `!   but ${where} has the room code ${details.actualCode}.`,
      '!   Check the code with the host, or the address: someone on the network may be pretending to be the room.',
    ].join('\n');
  }
  return undefined;
}

/** How many recent messages a first login asks to be replayed. */
const HISTORY_LINES = 20;
/** At end of input, how long (connected) to wait for chat lines still in the outbox. */
const DRAIN_MS = 30_000;
/** Exit code when the room could not be joined, or was lost. */
export const EXIT_LOST = 1;
/** Exit code when a file we sent or accepted did not arrive verified (declined, skipped, cancelled or failed). */
export const EXIT_FILES = 3;
/** Exit code when some chat lines could not be sent (each is listed on stderr). */
export const EXIT_NOT_SENT = 4;

interface Client {
  /** Set by `/join ROOM`: the session ends and the client joins that room with the same nickname. */
  moveTo?: string;
  session: ClientSession;
  sender: LineSender;
  view: RoomView;
  files: FileView;
  prompts: PromptQueue;
  terminal: Terminal;
}

const YES = new Set(['y', 'yes', 'ㅛ']);
const NO = new Set(['n', 'no', 'ㅜ']);

function completer(view: () => RoomView): (line: string) => [string[], string] {
  return (line) => {
    const command = /^\/(\S*)$/.exec(line);
    if (command) return [completeCommand(command[1] ?? '').map((spec) => `/${spec.name} `), line];
    const nickSlot = /^\/(?:to|w|whisper|with|accept|decline|filesend|cancel)\s+(\S*)$/.exec(line);
    if (nickSlot) {
      const prefix = (nickSlot[1] ?? '').toLowerCase();
      const matches = view()
        .nicks()
        .filter((nick) => nick.toLowerCase().startsWith(prefix));
      return [matches.map((nick) => `${line.slice(0, line.length - prefix.length)}${nick} `), line];
    }
    return [[], line];
  };
}

/** Said by one attempt that found the room needs a password nobody gave, on a terminal that can ask for it. */
const ASK_PASSWORD = Symbol('ask password');

/** Said by one attempt left with `/join ROOM`: join that room next, with the input not yet handled. */
interface Move {
  room: string;
  lines: string[];
  inputEnded: boolean;
}

type JoinIO = TerminalIO & { errors: NodeJS.WritableStream };

/**
 * Runs the terminal client until /exit, end of input or a fatal error. Resolves with the process exit code. Without
 * a password, on a terminal, a room that needs one makes it ask (echo off), then join again.
 */
export async function runJoin(options: JoinOptions, io: JoinIO): Promise<number> {
  let security: SessionSecurityOptions;
  let people: People | undefined;
  try {
    security = await sessionSecurity(options, options.nick);
    people = await loadPeople(options);
  } catch (error) {
    io.errors.write(`${formatError(error instanceof Error ? error.message : String(error))}\n`);
    return 1;
  }
  if ('insecure' in security)
    io.errors.write(
      '! Warning: --insecure: this connection is NOT encrypted and the room is not verified. Anyone on the network can read and change what you send and receive.\n',
    );
  let current = options;
  let carried: Move | undefined;
  for (;;) {
    let result = await joinOnce(current, io, current.password === undefined, security, people, carried);
    if (result === ASK_PASSWORD) {
      const password = await askHidden(io.input, io.output, `Password for ${current.host}:${current.port}: `);
      if (password === undefined || password === '') {
        io.errors.write(`${formatError('No password given.')}\n`);
        return 1;
      }
      current = { ...current, password };
      result = await joinOnce(current, io, false, security, people, carried);
      if (result === ASK_PASSWORD) return 1;
    }
    if (typeof result === 'number') return result;
    // `/join ROOM`: the same nickname in another room of the server; its password, if any, is asked for there.
    const { password: _, ...rest } = current;
    current = { ...rest, room: result.room };
    carried = result;
  }
}

async function joinOnce(
  options: JoinOptions,
  io: JoinIO,
  mayAsk: boolean,
  security: SessionSecurityOptions,
  people: People | undefined,
  carried?: Move,
): Promise<number | typeof ASK_PASSWORD | Move> {
  const terminal = new Terminal(
    io,
    completer(() => view),
  );
  const session = createClientSession({
    security,
    host: options.host,
    port: options.port,
    nick: options.nick,
    ...(options.room === undefined ? {} : { room: options.room }),
    ...(options.password === undefined ? {} : { password: options.password }),
    ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
    reconnect: options.reconnect ? {} : false,
    app: options.app ?? 'sarangbang-cli',
    historyMax: HISTORY_LINES,
  });
  const print = (text: string): void => terminal.print(text);
  // Before the room view's own 'connected' line: how the room was verified, on first contact.
  session.on('connected', ({ reconnected, security: { verified, hostCode } }) => {
    if (reconnected || hostCode === undefined) return;
    if (verified === 'code') print(`Verified room code ${hostCode}`);
    else if (verified === 'first-use')
      print(`New room: code ${hostCode} (compare it with the host; remembered from now on)`);
  });
  const prompts = new PromptQueue();
  const updatePrompt = (): void => {
    const progress = client.files.progressText();
    terminal.setPrompt(progress === '' ? view.prompt() : view.prompt().replace(/> $/, ` [${progress}]> `));
  };
  const view: RoomView = new RoomView(session, print, updatePrompt, prompts, people);
  const transfers = new FileTransfers(session, { downloadDir: options.downloadDir });
  const client: Client = {
    session,
    sender: new LineSender(session, print),
    view,
    files: new FileView(
      transfers,
      print,
      prompts,
      () => terminal.tty && updatePrompt(),
      options.language ?? sessionLanguage(),
    ),
    prompts,
    terminal,
  };

  const lines: string[] = [...(carried?.lines ?? [])];
  let inputEnded = carried?.inputEnded ?? false;
  let wake: (() => void) | undefined;
  terminal.onLine((line) => {
    lines.push(line);
    wake?.();
  });
  terminal.onEnd(() => {
    inputEnded = true;
    wake?.();
  });
  terminal.onInterrupt(() => {
    lines.push('/exit');
    wake?.();
  });
  const interrupt = (): void => {
    lines.unshift('/exit');
    wake?.();
  };
  process.once('SIGTERM', interrupt);
  if (!terminal.tty) process.once('SIGINT', interrupt);

  let lost = false;
  session.on('disconnected', ({ willReconnect, reason, error }) => {
    // A reconnect that found another identity stops: say why, as loudly as on the first connect.
    const warning =
      session.state === 'closed' && error instanceof ConnectionError
        ? identityWarning(error, `${options.host}:${options.port}`)
        : undefined;
    if (warning && lost === false && reason === 'login_failed') io.errors.write(`${warning}\n`);
    if (!willReconnect && reason !== 'closed') {
      lost = true;
      wake?.();
    }
  });

  let code: number | typeof ASK_PASSWORD | Move;
  try {
    code = await runSession();
  } finally {
    process.off('SIGTERM', interrupt);
    process.off('SIGINT', interrupt);
    transfers.dispose();
    await session.close();
    await view.peopleWritten();
    terminal.close();
    await terminal.flush();
  }
  if (typeof code === 'object') return code;
  const notSent = client.sender.notSent();
  for (const line of notSent) io.errors.write(`! Not sent: ${safeText(line)}\n`);
  if (code !== 0) return code;
  if (client.files.undelivered() > 0) return EXIT_FILES;
  return notSent.length > 0 ? EXIT_NOT_SENT : 0;

  async function runSession(): Promise<number | typeof ASK_PASSWORD | Move> {
    /** The user asked to leave (/exit, Ctrl+C, SIGTERM). */
    let leaving = false;
    try {
      await session.connect();
    } catch (error) {
      const needsPassword =
        error instanceof ProtocolError && error.code === 'wrong_password' && session.room?.passwordRequired === true;
      if (mayAsk && terminal.tty && needsPassword) return ASK_PASSWORD;
      const warning =
        error instanceof ConnectionError ? identityWarning(error, `${options.host}:${options.port}`) : undefined;
      io.errors.write(`${warning ?? formatError(error instanceof Error ? error.message : String(error))}\n`);
      return 1;
    }
    for (;;) {
      const line = lines.shift();
      if (line === undefined) {
        if (inputEnded || lost) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
        continue;
      }
      const keepGoing = await runLine(line, client);
      if (client.moveTo !== undefined) return { room: client.moveTo, lines: lines.splice(0), inputEnded };
      if (!keepGoing) {
        leaving = true;
        break;
      }
      terminal.prompt();
    }
    if (lost) return EXIT_LOST;
    if (inputEnded) await client.sender.drain(DRAIN_MS);
    const busy = client.files.busyCount();
    if (inputEnded && busy > 0) {
      // A script that ends with /filesend wants the files delivered: wait for them (bounded by the transfer timeouts).
      print(`Waiting for ${busy} file offer${busy === 1 ? '' : 's'} or transfer${busy === 1 ? '' : 's'} to finish...`);
      await client.files.whenIdle();
    }
    // Everything the room sent before the pong is printed once the pong arrives.
    if (session.state === 'connected') await session.ping(5000).catch(() => undefined);
    // Input ended while the room was gone (still reconnecting): the script did not reach the room to the end.
    if (!leaving && session.state !== 'connected') return EXIT_LOST;
    return 0;
  }
}

/** Runs one input line. Returns false when the user asked to leave. */
async function runLine(line: string, client: Client): Promise<boolean> {
  // While connected, each line waits for the chat lines before it, so output follows input (while reconnecting
  // they wait in the outbox instead).
  await client.sender.settled();
  const answer = line.trim().toLowerCase();
  if (client.prompts.size > 0 && (YES.has(answer) || NO.has(answer))) {
    const prompt = client.prompts.take();
    if (prompt) await report(client.terminal, prompt.answer(YES.has(answer), prompt.from));
    return true;
  }
  const choice = parseFileChoice(answer);
  const offer = client.prompts.latest();
  if (choice && offer && offer.files > 1) {
    if (choice.some((index) => index < 0 || index >= offer.files)) {
      client.terminal.print(formatError(`Choose files numbered 1 to ${offer.files}, or answer y or n.`));
      return true;
    }
    client.prompts.take();
    await report(client.terminal, offer.answer(choice, offer.from));
    return true;
  }
  const parsed = parseCommand(line);
  if (!parsed.ok) {
    client.terminal.print(formatError(parsed.message, parsed.hint));
    return true;
  }
  return execute(parsed.command, client, line);
}

async function execute(command: Command, client: Client, line: string): Promise<boolean> {
  const { session, sender, view, files, prompts, terminal } = client;
  const print = (text: string): void => terminal.print(text);
  switch (command.kind) {
    case 'empty':
      return true;
    case 'exit':
      return false;
    case 'help':
      print(
        command.topic === undefined
          ? helpText()
          : (commandHelp(command.topic) ?? formatError(`No command /${command.topic}.`, 'Type /help for the list.')),
      );
      return true;
    case 'say':
      sender.send(line, (cid) => session.say(command.text, undefined, cid));
      return true;
    case 'to':
      warnUnencrypted(view, command.to, print);
      sender.send(line, (cid) => session.whisper(command.to, command.text, cid));
      return true;
    case 'list':
      await report(terminal, session.list(), ({ users }) =>
        print(formatUserList(users, session.nick, (user) => view.isNewDevice(user))),
      );
      return true;
    case 'sleep':
      await report(terminal, session.sleep(command.text), () => {
        view.setAway(true);
        print('You are away: room messages are held back until /wakeup (or until you send something).');
      });
      return true;
    case 'wakeup':
      await report(terminal, session.wakeup());
      return true;
    case 'with':
      warnUnencrypted(view, command.to, print);
      await report(terminal, session.askWith(command.to), () =>
        print(`[${safeText(command.to)}]님에게 1:1 대화를 요청했습니다. (/end to cancel)`),
      );
      return true;
    case 'accept':
    case 'decline': {
      const prompt = prompts.take(command.from);
      if (prompt) await report(terminal, prompt.answer(command.kind === 'accept', prompt.from));
      else if (command.from !== undefined && command.kind === 'decline')
        await report(terminal, session.answerWith(command.from, false));
      else
        print(
          formatError(
            command.from === undefined
              ? 'There is no request to answer.'
              : `There is no request from ${safeText(command.from)}.`,
          ),
        );
      return true;
    }
    case 'end':
      await report(terminal, session.end());
      return true;
    case 'nick':
      await report(terminal, session.rename(command.nick));
      return true;
    case 'rooms':
      await report(terminal, allRooms(session), (rooms) => print(formatServerRooms(rooms, session.room?.name)));
      return true;
    case 'join': {
      let room: string | undefined;
      await report(terminal, roomToJoin(session, command.room), (found) => (room = found));
      if (room === undefined) return true;
      print(`Moving to room "${safeText(room)}"...`);
      client.moveTo = room;
      return false;
    }
    case 'version':
      await report(terminal, session.version(), ({ server, protocol }) =>
        print(`Room server: ${safeText(server)} (protocol ${protocol})`),
      );
      return true;
    case 'ping':
      await report(terminal, session.ping(), (ms) => print(`RTT ${ms < 10 ? ms.toFixed(2) : Math.round(ms)} ms`));
      return true;
    case 'filesend':
      await report(terminal, files.send(command.to, command.paths));
      return true;
    case 'cancel':
      await report(terminal, files.cancel(command.target));
      return true;
  }
}

/** Every room of the server, page after page (section 19.3). */
async function allRooms(session: ClientSession): Promise<RoomInfo[]> {
  const rooms: RoomInfo[] = [];
  let after: string | undefined;
  do {
    const page = await session.rooms(after);
    rooms.push(...page.rooms);
    after = page.next;
  } while (after !== undefined);
  return rooms;
}

/**
 * The room `/join NAME` moves to (its own spelling), checked before leaving this one: a valid name, not this room,
 * and a room the server has (or creates on first join). Throws a sentence for the user otherwise.
 */
async function roomToJoin(session: ClientSession, name: string): Promise<string> {
  const check = checkRoomName(name);
  if (!check.ok) throw new Error(`${check.reason} (room_invalid)`);
  const key = roomKey(check.name);
  const here = session.room?.name;
  if (here !== undefined && roomKey(here) === key) throw new Error(`You are already in ${safeText(here)}.`);
  if (!session.serverRooms) throw new Error('This server has only one room.');
  const found = (await allRooms(session)).find((room) => roomKey(room.name) === key);
  if (found) return found.name;
  if (session.serverRooms.allowNew) return check.name;
  throw new Error(`There is no room called ${safeText(check.name)} here; /rooms lists them.`);
}

function warnUnencrypted(view: RoomView, nick: string, print: (text: string) => void): void {
  const warning = view.unencryptedWarning(nick);
  if (warning) print(`! ${warning}`);
}

async function report<T>(terminal: Terminal, request: Promise<T>, onResult?: (result: T) => void): Promise<void> {
  try {
    const result = await request; // not inside `onResult?.(...)`: an optional call skips evaluating its argument
    onResult?.(result);
  } catch (error) {
    terminal.print(formatError(error instanceof Error ? error.message : String(error)));
  }
}
