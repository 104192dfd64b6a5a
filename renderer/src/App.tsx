import { Suspense, useEffect } from 'react';
import { useApi, useAppState, useStore } from './app/app-context';
import { RoomPart, SettingsPart } from './app/parts';
import { trackUnread } from './app/unread';
import { LinkOpenerProvider } from './components/messages/LinkOpener';
import { Logo } from './components/ui/Logo';
import { useDocumentDropGuard } from './hooks/use-drop-guard';
import { useTheme } from './hooks/use-theme';
import { LanguageContext, defaultLanguage } from './i18n/i18n';
import { FirstRun } from './screens/FirstRun';
import { Home } from './screens/Home';
import { currentRoom, selectRoomView } from './store/selectors';

/** What shows while the app starts (and, after a reload into a room, while the room's chunk loads). */
const splash = (
  <div className="flex h-full items-center justify-center">
    <Logo className="size-12 animate-pulse" />
  </div>
);

/** Chooses the screen: first run, home (host / join) or the room. */
export function App() {
  const api = useApi();
  const store = useStore();
  const settings = useAppState((s) => s.settings);
  const room = useAppState(selectRoomView);
  const panel = useAppState((s) => s.panel);
  const osLocale = useAppState((s) => s.osLocale);
  useTheme(settings?.theme);
  useDocumentDropGuard();

  useEffect(() => trackUnread(api, () => currentRoom(store.getState())?.room.nick), [api, store]);

  useEffect(() => {
    document.title = room ? `${room.roomName || room.host} — Sarangbang` : 'Sarangbang';
  }, [room]);

  const language = settings?.language ?? defaultLanguage(navigator.language);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  let screen: React.ReactNode;
  if (!settings) {
    screen = splash;
  } else if (!settings.nickname) {
    screen = <FirstRun settings={settings} locale={navigator.language || osLocale} />;
  } else if (room) {
    screen = <RoomPart.Component />;
  } else {
    screen = <Home />;
  }

  return (
    <LanguageContext.Provider value={language}>
      <LinkOpenerProvider>
        {/* The room's chunk is fetched once the first screen is up; until then (a reload into a room) the splash. */}
        <Suspense fallback={splash}>{screen}</Suspense>
        {panel === 'settings' && settings && (
          <Suspense fallback={null}>
            <SettingsPart.Component
              settings={settings}
              onClose={() => store.dispatchNow({ type: 'panel', panel: 'none' })}
            />
          </Suspense>
        )}
      </LinkOpenerProvider>
    </LanguageContext.Provider>
  );
}
