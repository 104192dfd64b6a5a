import { useEffect } from 'react';
import { useApi, useAppState, useStore } from './app/app-context';
import { trackUnread } from './app/unread';
import { LinkOpenerProvider } from './components/messages/LinkOpener';
import { SettingsDialog } from './components/settings/SettingsDialog';
import { Logo } from './components/ui/Logo';
import { useDocumentDropGuard } from './hooks/use-drop-guard';
import { useTheme } from './hooks/use-theme';
import { LanguageContext, defaultLanguage } from './i18n/i18n';
import { FirstRun } from './screens/FirstRun';
import { Home } from './screens/Home';
import { Room } from './screens/Room';
import { currentRoom, selectRoomView } from './store/selectors';

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
    screen = (
      <div className="flex h-full items-center justify-center">
        <Logo className="size-12 animate-pulse" />
      </div>
    );
  } else if (!settings.nickname) {
    screen = <FirstRun settings={settings} locale={navigator.language || osLocale} />;
  } else if (room) {
    screen = <Room />;
  } else {
    screen = <Home />;
  }

  return (
    <LanguageContext.Provider value={language}>
      <LinkOpenerProvider>
        {screen}
        {panel === 'settings' && settings && (
          <SettingsDialog settings={settings} onClose={() => store.dispatchNow({ type: 'panel', panel: 'none' })} />
        )}
      </LinkOpenerProvider>
    </LanguageContext.Provider>
  );
}
