/**
 * Test support: two network namespaces joined by a veth pair, so discovery tests can multicast and probe without ever
 * touching this machine's real interfaces. Names are unique per process and pair (`sbc<pid><random><n>a` / `…b`), addresses
 * 10.77.<n>.1 and .2/24, loopback up, a multicast route; with `multicast: false` the two are joined through a
 * bridge in a third namespace that floods no multicast (unicast passes, mDNS does not). `run` starts the repo's Node 24 with tsx inside a namespace; `close` kills what it started and
 * deletes both namespaces (also on process exit). Needs root and `ip` (iproute2): `netnsUnavailable()` says why not.
 */
import { execFileSync, spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { watchChild, type CliProcess } from '../cli/cli-process.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NODE = `${ROOT}node_modules/.bin/node`;
const CLI = `${ROOT}main/cli/index.ts`;

/** Why namespace tests cannot run here, or undefined when they can. */
export function netnsUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (process.getuid?.() !== 0) return 'network namespaces need root (CI runs as root)';
  const run = spawnSync('ip', ['-V'], { encoding: 'utf8' });
  if (run.error || run.status !== 0) return 'the `ip` command (iproute2) is missing';
  if (!existsSync(NODE)) return `${NODE} is missing`;
  return undefined;
}

/** A process in a namespace: its output so far, the line it prints (bounded, or until it exits), its exit. */
export type NsProcess = Omit<CliProcess, 'write'>;

export interface Namespace {
  name: string;
  veth: string;
  address: string;
  /** Runs `node --import tsx <args>` inside this namespace (cwd: the repository). */
  node(args: string[], env?: NodeJS.ProcessEnv): NsProcess;
  /** Runs the CLI (`main/cli/index.ts`) inside this namespace. */
  cli(args: string[], env?: NodeJS.ProcessEnv): NsProcess;
  /** Runs a command inside the namespace and returns its stdout (throws on failure). */
  exec(command: string, args: string[]): string;
}

export interface NetnsPair {
  a: Namespace;
  b: Namespace;
  /** The /24 both ends are on. */
  subnet: string;
  close(): Promise<void>;
}

let counter = 0;
const live = new Set<string>();
let exitHook = false;

function ip(args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function deleteNamespace(name: string): void {
  spawnSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
  live.delete(name);
}

function track(child: ChildProcessWithoutNullStreams): NsProcess {
  return watchChild(child, 20_000);
}

/** Creates the pair. Always `close()` it (afterAll + try/finally); it is also deleted when the process exits. */
export function createNetnsPair(options: { multicast?: boolean; prefix?: string } = {}): NetnsPair {
  const reason = netnsUnavailable();
  if (reason) throw new Error(reason);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      for (const name of [...live]) deleteNamespace(name);
    });
  }
  counter += 1;
  // `sbc` (or the caller's prefix, at most 5 characters) + pid and a random part (base 36) + a counter: unique on a
  // machine shared with other test runs.
  const tag = `${(options.prefix ?? 'sbc').slice(0, 5)}${process.pid.toString(36)}${Math.floor(Math.random() * 36 ** 2).toString(36)}${counter}`;
  const third = (process.pid + counter) % 250;
  const subnet = `10.77.${third}.0/24`;
  const processes = new Set<ChildProcessWithoutNullStreams>();
  const names = { a: `${tag}a`, b: `${tag}b` };
  const make = (side: 'a' | 'b', host: number): Namespace => {
    const name = names[side];
    const veth = `${tag}${side}`.slice(0, 15);
    const address = `10.77.${third}.${host}`;
    const start = (args: string[], env: NodeJS.ProcessEnv = {}): NsProcess => {
      const child = spawn('ip', ['netns', 'exec', name, NODE, '--import', 'tsx', ...args], {
        cwd: ROOT,
        stdio: 'pipe',
        env: { ...process.env, NO_COLOR: '1', ...env },
      });
      processes.add(child);
      child.once('exit', () => processes.delete(child));
      return track(child);
    };
    return {
      name,
      veth,
      address,
      node: start,
      cli: (args, env) => start([CLI, ...args], env),
      exec: (command, args) => execFileSync('ip', ['netns', 'exec', name, command, ...args], { encoding: 'utf8' }),
    };
  };
  const a = make('a', 1);
  const b = make('b', 2);
  const multicast = options.multicast !== false;
  /** Without multicast: a third namespace holding a bridge that floods no multicast between its two ports. */
  const bridgeNs = `${tag}r`;
  const namespaces = multicast ? [a.name, b.name] : [a.name, b.name, bridgeNs];
  try {
    for (const name of namespaces) {
      ip(['netns', 'add', name]);
      live.add(name);
    }
    // Created straight inside the namespaces: no link ever exists on this machine's own network stack.
    if (multicast) {
      ip(['link', 'add', a.veth, 'netns', a.name, 'type', 'veth', 'peer', 'name', b.veth, 'netns', b.name]);
    } else {
      const bridge = (args: string[]): void => ip(['-n', bridgeNs, ...args]);
      bridge(['link', 'add', `${tag}br`, 'type', 'bridge']);
      bridge(['link', 'set', 'lo', 'up']);
      for (const ns of [a, b]) {
        const port = `${tag}p${ns === a ? 'a' : 'b'}`;
        ip(['link', 'add', ns.veth, 'netns', ns.name, 'type', 'veth', 'peer', 'name', port, 'netns', bridgeNs]);
        bridge(['link', 'set', port, 'master', `${tag}br`]);
        // Like Wi-Fi client isolation towards multicast: unicast and ARP pass, mDNS does not.
        bridge(['link', 'set', 'dev', port, 'type', 'bridge_slave', 'mcast_flood', 'off']);
        bridge(['link', 'set', port, 'up']);
      }
      bridge(['link', 'set', `${tag}br`, 'up']);
    }
    for (const ns of [a, b]) {
      const inside = (args: string[]): void => ip(['-n', ns.name, ...args]);
      inside(['link', 'set', 'lo', 'up']);
      inside(['addr', 'add', `${ns.address}/24`, 'dev', ns.veth]);
      inside(['link', 'set', ns.veth, 'up']);
      inside(['route', 'add', '224.0.0.0/4', 'dev', ns.veth]);
    }
  } catch (error) {
    for (const name of namespaces) deleteNamespace(name);
    throw error;
  }
  return {
    a,
    b,
    subnet,
    async close() {
      await Promise.all(
        [...processes].map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGKILL');
            }),
        ),
      );
      for (const name of namespaces) deleteNamespace(name);
    },
  };
}
