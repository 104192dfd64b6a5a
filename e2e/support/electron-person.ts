/**
 * A person in the real Electron app (`npm run e2e:electron`, where the Electron binary exists; not run in CI here):
 * its own instance with its own --user-data-dir, launched through Playwright's Electron support. The native file
 * dialog and "Show in folder" are replaced in the main process so the scenarios can answer and observe them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { _electron } from 'playwright-core';
import { settingsPatch, type PersonApp, type PersonOptions } from './person.js';
import { ROOT } from './renderer-build.js';

export async function openElectronPerson(tmp: string, profileName: string, options: PersonOptions): Promise<PersonApp> {
  const userData = join(tmp, 'electron', profileName);
  const downloadDir = join(userData, 'Downloads');
  await mkdir(userData, { recursive: true });
  await writeFile(join(userData, 'settings.json'), JSON.stringify({ ...settingsPatch(options), downloadDir }));
  // The electron package resolves to its binary's path; it throws where the binary was never downloaded.
  const { default: executablePath } = (await import('electron')) as unknown as { default: string };
  const app = await _electron.launch({
    executablePath,
    args: [ROOT, `--user-data-dir=${userData}`],
    // Nothing multicast or probed on this machine's real interfaces from a test (discovery e2e uses namespaces).
    env: { ...process.env, SARANGBANG_NO_DISCOVERY: '1' } as Record<string, string>,
    timeout: 60_000,
  });
  try {
    await app.evaluate(({ shell }) => {
      const revealed: string[] = [];
      (globalThis as { __revealed?: string[] }).__revealed = revealed;
      shell.showItemInFolder = (path: string) => void revealed.push(path);
    });
    const page = await app.firstWindow();
    if (options.viewport) await page.setViewportSize(options.viewport);
    return {
      page,
      downloadDir,
      queueFilePick: (paths) =>
        app.evaluate(({ dialog }, filePaths) => {
          const original = dialog.showOpenDialog;
          dialog.showOpenDialog = (async () => {
            dialog.showOpenDialog = original;
            return { canceled: false, filePaths };
          }) as typeof original;
        }, paths),
      revealedFiles: () => app.evaluate(() => [...((globalThis as { __revealed?: string[] }).__revealed ?? [])]),
      roomInItsOwnProcess: () =>
        app.evaluate(({ app: electronApp }) =>
          electronApp
            .getAppMetrics()
            .some((m) => m.type === 'Utility' && [m.name, m.serviceName].includes('Sarangbang room')),
        ),
      close: () => app.close(),
    };
  } catch (error) {
    await app.close();
    throw error;
  }
}
