/** A person in browser mode: a Chromium page on their own bridge profile (own settings, session, downloads). */
import type { Browser } from 'playwright-core';
import type { BrowserApp } from '../../main/app/browser/browser-bridge.js';
import { settingsPatch, type PersonApp, type PersonOptions } from './person.js';

export async function openBrowserPerson(
  app: BrowserApp,
  browser: Browser,
  profileName: string,
  options: PersonOptions,
): Promise<PersonApp> {
  const profile = await app.profile(profileName);
  const patch = settingsPatch(options);
  if (Object.keys(patch).length > 0) await profile.app.settings.update(patch);
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    locale: options.language === 'ko' ? 'ko-KR' : 'en-US',
    timezoneId: 'UTC',
  });
  try {
    const page = await context.newPage();
    await options.beforeLoad?.(page);
    await page.goto(app.urlFor(profileName));
    return {
      page,
      downloadDir: profile.app.settings.get().downloadDir,
      queueFilePick: async (paths) => profile.platform.dialogs.queueFiles(paths),
      revealedFiles: async () => [...profile.platform.revealedFiles],
      close: () => context.close(),
    };
  } catch (error) {
    await context.close();
    throw error;
  }
}
