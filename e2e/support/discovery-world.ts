/**
 * The world of the discovery end-to-end test and screenshots, kept inside network namespaces: two namespaces joined
 * by a veth pair (main/discovery/test-netns.ts), rooms announcing in `a`, and in `b` the browser-mode app with the
 * real room finder plus the Chromium that shows it (a wrapper script starts Chromium inside `b`, so the page reaches
 * the bridge at 127.0.0.1 there). No multicast or probe ever leaves the namespaces. `close()` stops every process it
 * started and deletes both namespaces.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createNetnsPair, type NsProcess } from '../../main/discovery/test-netns.js';
import { createRoutedNetns } from './routed-netns.js';
import { CHROMIUM_ARGS, chromiumPath } from './chromium.js';
import { RENDERER_OUT } from './renderer-build.js';

export interface AnnouncedRoomProcess {
  process: NsProcess;
  port: number;
  code: string;
  /** SIGTERM: the room says goodbye on the network and closes. */
  close(): Promise<void>;
}

/** What the world needs of its namespaces: `a` for rooms, `b` for the app and Chromium. */
interface Namespaces {
  a: { name: string; address: string; node(args: string[]): NsProcess };
  b: { name: string; node(args: string[]): NsProcess };
  close(): Promise<void>;
}

export interface DiscoveryWorld {
  pair: Namespaces;
  page: Page;
  /** Starts a room announcing in namespace `a`. */
  room(name: string, options?: { port?: number; password?: string; maxUsers?: number }): Promise<AnnouncedRoomProcess>;
  close(): Promise<void>;
}

export async function startDiscoveryWorld(
  options: {
    nick?: string;
    language?: 'en' | 'ko';
    theme?: 'light' | 'dark';
    viewport?: { width: number; height: number };
    /** The room's network and the app's behind a router (multicast does not cross): routed-netns.ts. */
    routed?: boolean;
  } = {},
): Promise<DiscoveryWorld> {
  const tmp = await mkdtemp(join(tmpdir(), 'sarangbang-discovery-'));
  let pair: Namespaces | undefined;
  let browser: Browser | undefined;
  const cleanup = async () => {
    await browser?.close().catch(() => undefined);
    await pair?.close();
    await rm(tmp, { recursive: true, force: true });
  };
  try {
    pair = options.routed ? createRoutedNetns() : createNetnsPair();
    const bridge = pair.b.node([
      'e2e/support/discovery-bridge.ts',
      '--renderer',
      RENDERER_OUT,
      '--profiles',
      join(tmp, 'profiles'),
      '--nick',
      options.nick ?? 'bob',
      '--language',
      options.language ?? 'en',
      '--theme',
      options.theme ?? 'light',
    ]);
    const [, url] = await bridge.waitFor(/^url (\S+)$/, 30_000);
    const wrapper = join(tmp, 'chromium-in-netns.sh');
    await writeFile(wrapper, `#!/bin/sh\nexec ip netns exec '${pair.b.name}' '${chromiumPath()}' "$@"\n`);
    await chmod(wrapper, 0o755);
    browser = await chromium.launch({ executablePath: wrapper, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
    const context = await browser.newContext({
      viewport: options.viewport ?? { width: 1280, height: 800 },
      deviceScaleFactor: 1,
      locale: options.language === 'ko' ? 'ko-KR' : 'en-US',
      timezoneId: 'UTC',
    });
    const page = await context.newPage();
    await page.goto(url!);
    const netns = pair;
    return {
      pair: netns,
      page,
      async room(name, roomOptions = {}) {
        const args = ['e2e/support/announced-room.ts', '--name', name, '--port', String(roomOptions.port ?? 30000)];
        if (roomOptions.password) args.push('--password', roomOptions.password);
        if (roomOptions.maxUsers) args.push('--max-users', String(roomOptions.maxUsers));
        const child = netns.a.node(args);
        const [, port, code] = (await child.waitFor(/^ready (\d+) (\S+)$/, 30_000)) as unknown as [
          string,
          string,
          string,
        ];
        return {
          process: child,
          port: Number(port),
          code,
          async close() {
            child.child.kill('SIGTERM');
            await child.exited;
          },
        };
      },
      close: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
