/** The `sarangbang` command: dispatches `serve`, `join` and `rooms`, prints help and the version. */
import { readFileSync } from 'node:fs';
import { DEFAULT_PORT } from '../protocol/limits.js';
import { DEFAULT_ROOMS_WAIT_MS, parseJoinArgs, parseRoomsArgs, parseServeArgs, UsageError } from './args.js';
import { runJoin } from './join.js';
import { resolveJoinTarget } from './join-target.js';
import { runRooms } from './rooms.js';
import { runServe } from './serve.js';

function version(): string {
  try {
    // Two folders up both from main/cli/ (run with tsx) and from out/cli/ (bundled).
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

export const MAIN_HELP = `sarangbang: a chat room for your local network

Usage:
  sarangbang serve [options]                         host a room (headless)
  sarangbang join <host>[:port] [room] --name <nick> join a room from this terminal
  sarangbang join <room name | link> --name <nick>   join a room found on the local network, or from its link
  sarangbang rooms [--json] [--subnet <cidr>]        list the rooms on the local network
  sarangbang --help | --version

Run "sarangbang serve --help", "sarangbang join --help" or "sarangbang rooms --help" for their options.
Plain-text clients join too: nc <host> ${DEFAULT_PORT}`;

export const SERVE_HELP = `Usage: sarangbang serve [options]

Hosts a chat room on this machine and prints the addresses others can join.

Options:
  -p, --port <n>            port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
      --host <addr>         address to listen on (default 0.0.0.0, every IPv4 interface; :: for IPv6 too)
      --max-users <n>       most users at once (default 100)
      --password-file <f>   users must give the password on this file's first line to join
                            (or set SARANGBANG_PASSWORD)
      --password <p>        the same from the command line (visible to other users in ps: avoid)
      --allow-plain         let plain-text clients (nc, telnet) in even with a password (they send it unencrypted)
      --no-plain            refuse plain-text clients even without a password
      --banned-words <file> refuse messages containing these words (one per line, # comments)
      --rate-limit <n|off>  messages per second per user, with a burst of twice that (default 20)
      --history <n>         messages kept for late joiners, reconnects and users back from away
                            (default 1000; 0 turns history off; at most 100000)
      --name <room>         the room's name shown to users
      --identity <file>     the room's identity (key + certificate; its room code); made on first use
                            (default: host-identity.json in the config folder, $SARANGBANG_CONFIG_DIR)
      --no-announce         do not announce the room on the local network (mDNS, _sarangbang._tcp);
                            a room on 127.0.0.1 is never announced
      --rooms <file>        host the rooms listed in this JSON file, e.g.
                            {"default":"lobby","rooms":[{"name":"lobby"},{"name":"math","maxUsers":50}]}
                            (per room: maxUsers, password, history, bannedWords, plainText "allow"/"refuse")
      --allow-new-rooms     any valid room name creates a room on first join (server limits, no password)
      --max-rooms <n>       most rooms in all, created ones included (default 1000)
      --cluster <url>       share the rooms with other serve instances through Redis (redis://HOST:PORT);
                            every instance then presents the identity stored in Redis by the first one
      --instance-name <n>   this instance's name in the cluster (default: a random one)
  -h, --help                show this help

Plain-text clients are allowed in a room without a password and refused in one with a password.
Clients that name no room (nc, the course's clients) enter the default room; nc users move with /join <room>.
Ctrl+C (or SIGTERM) closes the room; everyone is told.`;

export const JOIN_HELP = `Usage: sarangbang join <host>[:port] [room] --name <nick> [options]
       sarangbang join <room name> --name <nick> [options]
       sarangbang join 'sarangbang://HOST:PORT/ROOM?code=ROOMCODE' --name <nick> [options]

Joins a room from this terminal. Type messages and /commands; /help lists them.
On a server with many rooms, [room] (or a link's /ROOM) names the room; without it you enter the default room.
/rooms lists the server's rooms and /join <room> moves you there with the same nickname.
A room's name (as "sarangbang rooms" lists it) joins it when it is the only room of that name on the network, and
verifies it against the identity it announced, as --code does; so does a link's code.
Works with piped input and output too: one command or y/n answer per line, no prompt.

Options:
  -n, --name <nick>         your nickname (required)
      --password-file <f>   the room's password, from this file's first line (or set SARANGBANG_PASSWORD;
                            on a terminal you are asked when the room needs one)
      --password <p>        the same from the command line (visible to other users in ps: avoid)
  -p, --port <n>            port, if not given as host:port (default ${DEFAULT_PORT})
      --download-dir <dir>  where accepted files are saved (default: Downloads/Sarangbang)
      --no-reconnect        exit instead of reconnecting when the connection is lost
      --code <code>         the room code the host tells you (XXXX-XXXX-XXXX-XXXX-XXXX): joins only that room
      --identity <file>     your identity (key + certificate); made on first use
                            (default: identity.json in the config folder, $SARANGBANG_CONFIG_DIR)
      --trust-new-identity  accept a room whose identity changed since you last joined (check its code first)
      --insecure            connect WITHOUT encryption (old hosts, tests): anyone on the network can read along
  -h, --help                show this help

Examples:
  sarangbang join 192.168.1.5 --name atom
  sarangbang join 192.168.1.5:30000 math --name atom
  sarangbang join [fe80::1%eth0]:30000 --name atom
  sarangbang join lab --name atom
  sarangbang join 'sarangbang://192.168.1.5:30000/?code=K7QX-2M9D-4HBT-Z0PA-8E3C' --name atom
  printf 'hello\\n/list\\n' | sarangbang join localhost --name bot`;

export const ROOMS_HELP = `Usage: sarangbang rooms [--json] [--subnet <cidr> ...] [--wait <ms>]

Lists the rooms on the local network, one per line: name, address:port, people/capacity, flags (open or password;
plain when plain-text clients may join) and room code. A server with many rooms is listed under its default room
(people: all its rooms), then one indented line per room: room "NAME"  people/capacity  open|password. It listens for announcements (mDNS) and checks the rooms you
joined before; when nothing answers it probes the private subnets this machine is on, on port ${DEFAULT_PORT}.
Exit code 0 when rooms were found, 1 when none were.

Options:
      --json                one JSON object per line (name, address, host, port, people, maxUsers,
                            passwordRequired, plainAllowed, roomCode, fingerprint, protocol, via, addresses, link)
      --subnet <cidr>       also probe this subnet (at most a /16), e.g. 192.168.2.0/24; repeat for more
      --wait <ms>           how long to listen for announcements (default ${DEFAULT_ROOMS_WAIT_MS})
  -h, --help                show this help`;

function isParseArgsError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

/** Runs the CLI with these arguments (without `node` and the script). Resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const out = process.stdout;
  const errors = process.stderr;
  try {
    switch (command) {
      case 'serve': {
        const options = parseServeArgs(rest);
        if (options === 'help') {
          out.write(`${SERVE_HELP}\n`);
          return 0;
        }
        for (const warning of options.warnings ?? []) errors.write(`${warning}\n`);
        return await runServe(options, { out, errors });
      }
      case 'join': {
        const options = parseJoinArgs(rest);
        if (options === 'help') {
          out.write(`${JOIN_HELP}\n`);
          return 0;
        }
        for (const warning of options.warnings ?? []) errors.write(`${warning}\n`);
        const target = await resolveJoinTarget(options, { out, errors });
        if (typeof target === 'number') return target;
        return await runJoin(
          { ...target, app: `sarangbang-cli/${version()}` },
          { input: process.stdin, output: out, errors },
        );
      }
      case 'rooms': {
        const options = parseRoomsArgs(rest);
        if (options === 'help') {
          out.write(`${ROOMS_HELP}\n`);
          return 0;
        }
        return await runRooms(options, { out, errors });
      }
      case '--version':
      case '-v':
        out.write(`sarangbang ${version()}\n`);
        return 0;
      case '--help':
      case '-h':
      case 'help':
        out.write(`${MAIN_HELP}\n`);
        return 0;
      case undefined:
        errors.write(`${MAIN_HELP}\n`);
        return 2;
      default:
        throw new UsageError(`Unknown command "${command}". Use "serve", "join" or "rooms".`);
    }
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      const topic =
        command === 'serve' || command === 'join' || command === 'rooms'
          ? `sarangbang ${command} --help`
          : 'sarangbang --help';
      errors.write(`sarangbang: ${error.message}\nRun "${topic}" for usage.\n`);
      return 2;
    }
    throw error;
  }
}
