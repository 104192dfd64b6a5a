/**
 * Cluster tests' fixtures: a real `redis-server` on 127.0.0.1 (a free port, a temp dir, nothing saved), started and
 * stopped by the tests; and cluster instances (createRoomServer behind a ClusterHub, with the file relay) in this
 * process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRoomServer, type RoomServer, type RoomServerOptions } from '../gateway/server.js';
import { createIdentitySync } from '../security/identity.js';
import { FileRelay } from '../transfer/relay.js';
import { startCluster, type Cluster } from './cluster.js';
import { freePort } from '../free-port.js';

export const REDIS_SERVER = '/usr/bin/redis-server';
export const haveRedis = existsSync(REDIS_SERVER);
if (!haveRedis) console.log(`cluster tests skipped: ${REDIS_SERVER} is not installed (apt-get install redis-server)`);

/** A redis-server of the test's own; `restart` stops it and starts it again on the same port, empty. */
export class TestRedis {
  private child: ChildProcess | undefined;
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'sb-redis-'));

  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<TestRedis> {
    const redis = new TestRedis(await freePort());
    await redis.launch();
    return redis;
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async restart(downMs = 0): Promise<void> {
    await this.stop();
    if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
    await this.launch();
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async launch(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
    const child = spawn(REDIS_SERVER, [...args, '--dir', this.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`redis-server did not start: ${output}`)), 10_000);
      const read = (chunk: Buffer): void => {
        output += chunk.toString();
        if (output.includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', read);
      child.stderr!.on('data', read);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`redis-server exited (${code}): ${output}`));
      });
    });
  }
}

export interface TestInstance {
  server: RoomServer;
  relay: FileRelay;
  cluster: Cluster;
  port: number;
  logs: string[];
  close(): Promise<void>;
}

/**
 * An instance of the cluster at `url`, listening on 127.0.0.1 port 0. Each starts with an identity of its own:
 * the cluster's is the first one stored, which every instance then presents.
 */
export async function startInstance(url: string, options: RoomServerOptions = {}): Promise<TestInstance> {
  const logs: string[] = [];
  const identity = createIdentitySync('cluster test');
  const cluster = await startCluster({ url, identity, log: (line) => logs.push(line) });
  const relay = new FileRelay({ byteRelay: 'in-process' });
  const server = createRoomServer({
    passwordGuard: 'off',
    hooks: relay.hooks,
    ...options,
    identity: cluster.identity,
    run: cluster.run,
    hub: cluster.hub,
  });
  server.on('log', (entry) => logs.push(entry.text));
  const { port } = await server.listen(0, '127.0.0.1');
  cluster.attach(server);
  let closed = false;
  return {
    server,
    relay,
    cluster,
    port,
    logs,
    async close() {
      if (closed) return;
      closed = true;
      await server.close();
      relay.close();
      await cluster.stop();
    },
  };
}
