/**
 * What the first screen (first run, home) does not need, split into chunks of its own so the app starts on less
 * JavaScript: the room screen, settings, search and transfers. `preloadParts` fetches them all once the first screen
 * is up, so opening any of them later never waits (nor shows a fallback).
 */
import { lazyPart } from './lazy-part';

export const RoomPart = lazyPart(() => import('../screens/Room').then((m) => m.Room));
export const SettingsPart = lazyPart(() =>
  import('../components/settings/SettingsDialog').then((m) => m.SettingsDialog),
);
export const SearchPart = lazyPart(() => import('../components/search/SearchPanel').then((m) => m.SearchPanel));
export const TransfersPart = lazyPart(() =>
  import('../components/transfers/TransfersPanel').then((m) => m.TransfersPanel),
);

/** Loads every part, the room first (the likeliest next screen). */
export async function preloadParts(): Promise<void> {
  await RoomPart.load();
  await Promise.all([SettingsPart.load(), SearchPart.load(), TransfersPart.load()]);
}
