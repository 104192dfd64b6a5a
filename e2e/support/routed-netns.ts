/**
 * Test support: a room's network and the guest's network with a router between them, as three network namespaces
 * (`sbr<pid>x<n>a` — router `…r` — `…b`, veth pairs created straight inside them). The router forwards unicast
 * (10.78.N.0/24 ↔ 10.79.N.0/24) but, like every router, never link-local multicast: mDNS does not cross, so only the
 * subnet probe (with the room's subnet named in Settings) can find the room. Runs Node in a namespace with the same
 * `node(args)` as main/discovery/test-netns.ts. `close()` kills what it started and deletes the namespaces (also on
 * process exit). Needs root and iproute2.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { NsProcess } from '../../main/discovery/test-netns.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NODE = `${ROOT}node_modules/.bin/node`;

export interface RoutedSide {
  name: string;
  address: string;
  subnet: string;
  node(args: string[]): NsProcess;
}

export interface RoutedNetns {
  a: RoutedSide;
  b: RoutedSide;
  close(): Promise<void>;
}

let counter = 0;
const live = new Set<string>();

function ip(args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

function remove(name: string): void {
  spawnSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
  live.delete(name);
}

export function createRoutedNetns(): RoutedNetns {
  if (counter === 0) process.once('exit', () => [...live].forEach(remove));
  counter += 1;
  const tag = `sbr${process.pid}x${counter}`;
  const n = (process.pid + counter) % 250;
  const names = { a: `${tag}a`, r: `${tag}r`, b: `${tag}b` };
  const children = new Set<ReturnType<typeof spawn>>();
  try {
    for (const name of Object.values(names)) {
      ip(['netns', 'add', name]);
      live.add(name);
      ip(['-n', name, 'link', 'set', 'lo', 'up']);
    }
    const link = (side: 'a' | 'b', net: string) => {
      const [outer, inner] = [`${tag}${side}`, `${tag}${side}r`];
      ip(['link', 'add', outer, 'netns', names[side], 'type', 'veth', 'peer', 'name', inner, 'netns', names.r]);
      ip(['-n', names[side], 'addr', 'add', `${net}.1/24`, 'dev', outer]);
      ip(['-n', names.r, 'addr', 'add', `${net}.254/24`, 'dev', inner]);
      ip(['-n', names[side], 'link', 'set', outer, 'up']);
      ip(['-n', names.r, 'link', 'set', inner, 'up']);
      ip(['-n', names[side], 'route', 'add', 'default', 'via', `${net}.254`]);
    };
    link('a', `10.78.${n}`);
    link('b', `10.79.${n}`);
    execFileSync('ip', ['netns', 'exec', names.r, 'sysctl', '-qw', 'net.ipv4.ip_forward=1']);
  } catch (error) {
    Object.values(names).forEach(remove);
    throw error;
  }
  const side = (key: 'a' | 'b', net: string): RoutedSide => ({
    name: names[key],
    address: `${net}.1`,
    subnet: `${net}.0/24`,
    node(args) {
      const child = spawn('ip', ['netns', 'exec', names[key], NODE, '--import', 'tsx', ...args], {
        cwd: ROOT,
        stdio: 'pipe',
        env: { ...process.env, NO_COLOR: '1' },
      });
      children.add(child);
      child.once('exit', () => children.delete(child));
      return watch(child);
    },
  });
  return {
    a: side('a', `10.78.${n}`),
    b: side('b', `10.79.${n}`),
    async close() {
      await Promise.all(
        [...children].map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGKILL');
            }),
        ),
      );
      Object.values(names).forEach(remove);
    },
  };
}

/** stdout collected line by line, with `waitFor(pattern)` (rejects on timeout or exit). */
function watch(child: ReturnType<typeof spawn>): NsProcess {
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child: child as NsProcess['child'],
    stdout: () => out,
    stderr: () => err,
    exited,
    async waitFor(pattern, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const match = out
          .split('\n')
          .map((line) => line.match(pattern))
          .find((found) => found !== null);
        if (match) return match;
        if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline)
          throw new Error(`no line matching ${pattern}.\nstdout:\n${out}\nstderr:\n${err}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}
