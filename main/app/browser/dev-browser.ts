/**
 * `npm run dev:browser`: runs the app in a plain browser. Starts the browser-mode bridge over the built renderer
 * (out/renderer) and prints page URLs, one per profile (each page is a different user).
 *
 *   tsx main/app/browser/dev-browser.ts [--renderer out/renderer] [--profiles DIR] [--port N] [--lan] [alice bob ...]
 *
 * --lan lets rooms hosted from a page listen on every interface (default: this machine only), and lists the rooms
 * on the network (mDNS and the subnet probe; without it the list stays empty and nothing is sent).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { networkRoomFinder } from '../network-room-finder.js';
import { startBrowserApp } from './browser-bridge.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    renderer: { type: 'string', default: 'out/renderer' },
    profiles: { type: 'string' },
    port: { type: 'string', default: '0' },
    lan: { type: 'boolean', default: false },
  },
});

const profileDir = values.profiles ? resolve(values.profiles) : await mkdtemp(join(tmpdir(), 'sarangbang-browser-'));
const app = await startBrowserApp({
  rendererDir: resolve(values.renderer),
  profileDir,
  port: Number(values.port),
  hostListenAddress: values.lan ? '0.0.0.0' : '127.0.0.1',
  ...(values.lan ? { finder: networkRoomFinder } : {}),
  log: (line) => console.log(line),
});

const names = positionals.length > 0 ? positionals : ['alice', 'bob'];
console.log(`Sarangbang in the browser — profiles in ${profileDir}`);
for (const name of names) console.log(`  ${name.padEnd(8)} ${app.urlFor(name)}`);
console.log(`  (fresh)  ${app.url}`);
console.log('Open each URL in its own tab. Ctrl+C stops.');

const stop = (): void => {
  void app.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
