/** Command-line options of `sarangbang serve` and `sarangbang join`, parsed with node:util parseArgs. */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_MAX_USERS, DEFAULT_PORT } from '../protocol/limits.js';
import { checkNickname } from '../protocol/nickname.js';
import { DEFAULT_HISTORY, MAX_HISTORY } from '../rooms/room-history.js';
import { groupCode, parseRoomCode } from '../security/room-code.js';
import { defaultDownloadDir } from '../transfer/download-dir.js';
import type { PlainTextPolicy } from '../gateway/context.js';
import { choosePassword } from './password-source.js';
import { UsageError } from './usage-error.js';

export { UsageError };

function parsePort(text: string, allowZero: boolean): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535 || (port === 0 && !allowZero)) {
    throw new UsageError(`"${text}" is not a port number (1-65535${allowZero ? ', or 0 for any free port' : ''}).`);
  }
  return port;
}

/** `host`, `host:port`, `[v6]`, `[v6]:port` or a bare IPv6 address. */
export function parseHostPort(text: string, defaultPort = DEFAULT_PORT): { host: string; port: number } {
  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracketed)
    return {
      host: bracketed[1] ?? '',
      port: bracketed[2] === undefined ? defaultPort : parsePort(bracketed[2], false),
    };
  const colons = text.split(':').length - 1;
  if (colons === 1) {
    const [host = '', port = ''] = text.split(':');
    if (host === '') throw new UsageError(`"${text}" has no host before the ":".`);
    return { host, port: parsePort(port, false) };
  }
  if (text === '') throw new UsageError('The host is missing.');
  return { host: text, port: defaultPort };
}

export interface ServeOptions {
  port: number;
  host: string;
  maxUsers: number;
  password?: string;
  bannedWordsFile?: string;
  rateLimit: number | 'off';
  /** Chat messages the room keeps for late joiners and reconnects (0: off). */
  history: number;
  name?: string;
  /** --allow-plain / --no-plain; absent: the room's default (allowed without a password, refused with one). */
  plainText?: PlainTextPolicy;
  /** For stderr before anything else (the --password warning). */
  warnings?: string[];
  /** The host identity file (default: <config>/host-identity.json). */
  identityFile?: string;
}

export function parseServeArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): ServeOptions | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      'max-users': { type: 'string' },
      password: { type: 'string' },
      'password-file': { type: 'string' },
      'allow-plain': { type: 'boolean' },
      'no-plain': { type: 'boolean' },
      'banned-words': { type: 'string' },
      'rate-limit': { type: 'string' },
      history: { type: 'string' },
      name: { type: 'string' },
      identity: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (positionals.length > 0) throw new UsageError(`Unexpected argument "${positionals[0]}".`);
  const maxUsers = values['max-users'] === undefined ? DEFAULT_MAX_USERS : Number(values['max-users']);
  if (!Number.isSafeInteger(maxUsers) || maxUsers < 1)
    throw new UsageError(`--max-users must be a whole number of at least 1, not "${values['max-users']}".`);
  let rateLimit: number | 'off' = 20;
  const rate = values['rate-limit'];
  if (rate !== undefined) {
    if (rate.toLowerCase() === 'off') rateLimit = 'off';
    else if (/^\d+(\.\d+)?$/.test(rate) && Number(rate) > 0) rateLimit = Number(rate);
    else throw new UsageError(`--rate-limit must be messages per second (a positive number) or "off", not "${rate}".`);
  }
  const history = values.history === undefined ? DEFAULT_HISTORY : Number(values.history);
  if (values.history !== undefined && (!/^\d+$/.test(values.history) || history > MAX_HISTORY))
    throw new UsageError(
      `--history must be a whole number of messages from 0 (off) to ${MAX_HISTORY}, not "${values.history}".`,
    );
  if (values['allow-plain'] && values['no-plain']) throw new UsageError('Choose one of --allow-plain and --no-plain.');
  const plainText = values['allow-plain'] ? 'allow' : values['no-plain'] ? 'refuse' : undefined;
  const { password, warnings } = choosePassword(
    { password: values.password, passwordFile: values['password-file'] },
    env,
  );
  return {
    port: values.port === undefined ? DEFAULT_PORT : parsePort(values.port, true),
    host: values.host ?? '0.0.0.0',
    maxUsers,
    rateLimit,
    history,
    ...(password === undefined ? {} : { password }),
    ...(plainText === undefined ? {} : { plainText }),
    ...(warnings.length === 0 ? {} : { warnings }),
    ...(values['banned-words'] === undefined ? {} : { bannedWordsFile: values['banned-words'] }),
    ...(values.name === undefined ? {} : { name: values.name }),
    ...(values.identity === undefined ? {} : { identityFile: path.resolve(values.identity) }),
  };
}

export interface JoinArgs {
  host: string;
  port: number;
  nick: string;
  password?: string;
  reconnect: boolean;
  downloadDir: string;
  /** For stderr before anything else (the --password warning). */
  warnings?: string[];
  /** The room code to verify the host against (`XXXX-XXXX-XXXX-XXXX-XXXX`). */
  code?: string;
  /** Our identity file (default: <config>/identity.json). */
  identityFile?: string;
  /** Re-pin a host whose identity changed. */
  trustNewIdentity: boolean;
  /** Cleartext TCP: no encryption, no host check. */
  insecure: boolean;
}

export function parseJoinArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): JoinArgs | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string', short: 'n' },
      nick: { type: 'string' },
      password: { type: 'string' },
      'password-file': { type: 'string' },
      port: { type: 'string', short: 'p' },
      'no-reconnect': { type: 'boolean' },
      'download-dir': { type: 'string' },
      code: { type: 'string' },
      identity: { type: 'string' },
      'trust-new-identity': { type: 'boolean' },
      insecure: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  if (positionals.length === 0)
    throw new UsageError('Which room? Give its address, for example: sarangbang join 192.168.1.5:30000 --name atom');
  if (positionals.length > 1) throw new UsageError(`Unexpected argument "${positionals[1]}".`);
  const defaultPort = values.port === undefined ? DEFAULT_PORT : parsePort(values.port, false);
  const { host, port } = parseHostPort(positionals[0] ?? '', defaultPort);
  const rawNick = values.name ?? values.nick;
  if (rawNick === undefined) throw new UsageError('Choose a nickname with --name, for example: --name atom');
  const nick = checkNickname(rawNick);
  if (!nick.ok) throw new UsageError(`--name: ${nick.reason}`);
  const { password, warnings } = choosePassword(
    { password: values.password, passwordFile: values['password-file'] },
    env,
  );
  const code = values.code === undefined ? undefined : parseRoomCode(values.code);
  if (values.code !== undefined && code === undefined)
    throw new UsageError(
      `--code: "${values.code}" is not a room code (20 letters and digits, like K7QX-2M9D-4HBT-Z0PA-8E3C).`,
    );
  if (values.insecure && (code !== undefined || values['trust-new-identity']))
    throw new UsageError('--insecure connects without encryption: it cannot verify a --code or trust an identity.');
  return {
    host,
    port,
    nick: nick.nick,
    reconnect: !values['no-reconnect'],
    downloadDir: path.resolve(values['download-dir'] ?? defaultDownloadDir()),
    ...(password === undefined ? {} : { password }),
    ...(warnings.length === 0 ? {} : { warnings }),
    ...(code === undefined ? {} : { code: groupCode(code) }),
    ...(values.identity === undefined ? {} : { identityFile: path.resolve(values.identity) }),
    trustNewIdentity: values['trust-new-identity'] === true,
    insecure: values.insecure === true,
  };
}
