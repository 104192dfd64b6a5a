// A room's announcement over time, for real inside two network namespaces of our own (`sbd16…`, never this machine's
// interfaces): a host that is killed without a goodbye leaves a browser's list within its record TTL while a live
// one stays listed past many TTLs (the browser re-queries), and addresses and interfaces that appear or go after the
// room started are announced on, or no longer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNetnsPair, netnsUnavailable, type NetnsPair, type NsProcess } from './test-netns.js';

const skip = netnsUnavailable();
if (skip) console.log(`Skipping the announcement-lifetime network-namespace tests: ${skip}.`);

const TTL_S = 3;
const EMPTY = /^\{"ms":\d+,"rooms":\[\]\}$/;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function stop(process: NsProcess): Promise<void> {
  if (process.child.exitCode === null && process.child.signalCode === null) process.child.kill('SIGTERM');
  await process.exited;
}

/** Lines the browser printed after the first one listing `lab`. */
function linesSinceListed(browse: NsProcess): string[] {
  const lines = browse.stdout().split('\n');
  return lines.slice(lines.findIndex((line) => line.includes('"name":"lab"')));
}

describe.skipIf(skip !== undefined)('announcement lifetime across network namespaces', { timeout: 60_000 }, () => {
  let pair: NetnsPair;
  beforeAll(() => {
    pair = createNetnsPair({ prefix: 'sbd16' });
  });
  afterAll(async () => {
    await pair?.close();
  });

  it('a host killed without a goodbye leaves the list within its TTL; alive, it stays listed past 3 TTLs', async () => {
    const browse = pair.b.node(['main/discovery/test-browse.ts', '40000']);
    await browse.waitFor(/^browsing$/);
    const host = pair.a.node(['main/discovery/test-announce.ts', '--ttl', String(TTL_S)]);
    try {
      await host.waitFor(/^ready 30000 /);
      await browse.waitFor(/"name":"lab"/, 5000);
      // Three TTLs later it has never been dropped: the browser asked again before each record expired.
      await sleep(3 * TTL_S * 1000 + 500);
      expect(linesSinceListed(browse).filter((line) => EMPTY.test(line))).toEqual([]);

      host.child.kill('SIGKILL');
      await host.exited;
      const killed = Date.now();
      await browse.waitFor(EMPTY, TTL_S * 1000 + 1500);
      const gone = Date.now() - killed;
      console.log(`room killed with SIGKILL (TTL ${TTL_S} s) left the list after ${gone} ms`);
      expect(gone).toBeLessThan(TTL_S * 1000 + 1500);
    } finally {
      await stop(host);
      await stop(browse);
    }
  });

  it('announces on an address and an interface added after the start, and stops when they go', async () => {
    const { a, b } = pair;
    const inA = (...args: string[]): string => a.exec('ip', args);
    inA('addr', 'flush', 'dev', a.veth);
    const browse = b.node(['main/discovery/test-browse.ts', '40000']);
    await browse.waitFor(/^browsing$/);
    const host = a.node(['main/discovery/test-announce.ts', '--ttl', String(TTL_S), '--poll-ms', '1000']);
    const extra = `${a.veth.slice(0, 13)}x`;
    try {
      await host.waitFor(/^ready 30000 /);
      expect(host.stdout()).toMatch(/^interfaces \n/);

      // The room's network comes up after it started: within a poll (1 s) it is announced and listed on the other side.
      const added = Date.now();
      inA('addr', 'add', `${a.address}/24`, 'dev', a.veth);
      inA('route', 'replace', '224.0.0.0/4', 'dev', a.veth);
      await host.waitFor(new RegExp(`^interfaces ${a.veth}$`), 5000);
      await browse.waitFor(/"name":"lab"/, 5000);
      const listed = Date.now() - added;
      console.log(`room listed ${listed} ms after its address was added`);
      expect(listed).toBeLessThan(1000 + 3000);

      // A second interface (a new veth pair to the other namespace) joins the set, and leaves it when deleted.
      const third = a.address.split('.')[2];
      inA('link', 'add', extra, 'type', 'veth', 'peer', 'name', `${extra}y`, 'netns', b.name);
      inA('addr', 'add', `10.78.${third}.1/24`, 'dev', extra);
      inA('link', 'set', extra, 'up');
      b.exec('ip', ['link', 'set', `${extra}y`, 'up']);
      await host.waitFor(new RegExp(`^interfaces (${a.veth},${extra}|${extra},${a.veth})$`), 5000);
      inA('link', 'del', extra);
      await waitUntil(() => lastInterfacesLine(host) === `interfaces ${a.veth}`, 5000);

      // The address goes: the room stops answering there and the other side's list drops it within the TTL.
      inA('addr', 'flush', 'dev', a.veth);
      await waitUntil(() => lastInterfacesLine(host) === 'interfaces ', 5000);
      const flushed = Date.now();
      await browse.waitFor(EMPTY, TTL_S * 1000 + 2500);
      console.log(`room left the list ${Date.now() - flushed} ms after its address was removed`);
    } finally {
      await stop(host);
      await stop(browse);
      inA('addr', 'replace', `${a.address}/24`, 'dev', a.veth);
      inA('route', 'replace', '224.0.0.0/4', 'dev', a.veth);
    }
  });
});

function lastInterfacesLine(process: NsProcess): string | undefined {
  return process
    .stdout()
    .split('\n')
    .filter((line) => line.startsWith('interfaces '))
    .at(-1);
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await sleep(100);
  }
}
