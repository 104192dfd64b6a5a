/**
 * The browser-mode app with rooms on the network turned on (the real mDNS browser and subnet probe), for the
 * discovery end-to-end test and screenshots: run INSIDE a network namespace, with the Chromium that opens its page in
 * the same namespace (its address is 127.0.0.1 there). Sets up one profile and prints `url <page url>`.
 *
 *   node --import tsx e2e/support/discovery-bridge.ts --renderer DIR --profiles DIR [--nick N] [--language en|ko]
 *     [--theme light|dark]
 */
import { parseArgs } from 'node:util';
import { startBrowserApp } from '../../main/app/browser/browser-bridge.js';
import { networkRoomFinder } from '../../main/app/network-room-finder.js';

const { values } = parseArgs({
  options: {
    renderer: { type: 'string' },
    profiles: { type: 'string' },
    nick: { type: 'string', default: 'bob' },
    language: { type: 'string', default: 'en' },
    theme: { type: 'string', default: 'light' },
  },
});
if (!values.renderer || !values.profiles) throw new Error('--renderer and --profiles are required');

const app = await startBrowserApp({
  rendererDir: values.renderer,
  profileDir: values.profiles,
  finder: networkRoomFinder,
});
const profile = await app.profile('guest');
await profile.app.settings.update({
  nickname: values.nick,
  language: values.language === 'ko' ? 'ko' : 'en',
  theme: values.theme === 'dark' ? 'dark' : 'light',
});
console.log(`url ${app.urlFor('guest')}`);

process.on('SIGTERM', () => {
  void app.close().then(() => process.exit(0));
});
