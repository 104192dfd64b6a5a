/**
 * Test helpers: a fresh fake API and store per test, the app's providers, and the layout numbers jsdom lacks
 * (the virtualized list needs a viewport height to render rows).
 */
import { act, cleanup, render, type RenderResult } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { afterEach } from 'vitest';
import type { AppSnapshot, Language } from '@contract/ipc-contract';
import { AppContext, type AppStore } from '../app/app-context';
import { bindEvents } from '../app/bind-events';
import { preloadParts } from '../app/parts';
import { LinkOpenerProvider } from '../components/messages/LinkOpener';
import { LanguageContext } from '../i18n/i18n';
import { reducer, initialState } from '../store/reducer';
import { createStore } from '../store/store';
import { createFakeApi, makeSnapshot, type FakeApi } from './fake-api';

afterEach(cleanup);
// The app loads its other screens' chunks once the first is up; tests render any screen at once, as after that.
await preloadParts();

let layoutStubbed = false;
export function stubLayout(): void {
  if (layoutStubbed) return;
  layoutStubbed = true;
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 800 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1000 });
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 40 });
  Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => 1000 });
}
stubLayout();

export interface Harness extends RenderResult {
  api: FakeApi;
  store: AppStore;
  user: ReturnType<typeof userEvent.setup>;
  /** Emit an event from "main" and let React render it. */
  emit: FakeApi['emit'];
}

/** A store that applies actions at once (tests need no animation frames). */
export function testStore(): AppStore {
  return createStore(reducer, initialState(), (flush) => flush());
}

export function renderWithApp(
  ui: ReactElement,
  options: { snapshot?: AppSnapshot; language?: Language; loadSnapshot?: boolean } = {},
): Harness {
  const snapshot = options.snapshot ?? makeSnapshot();
  const api = createFakeApi(snapshot);
  const store = testStore();
  bindEvents(api, store);
  if (options.loadSnapshot !== false) store.dispatchNow({ type: 'snapshot', snapshot, now: Date.now() });
  const user = userEvent.setup();
  const result = render(
    <AppContext.Provider value={{ api, store }}>
      <LanguageContext.Provider value={options.language ?? 'en'}>
        <LinkOpenerProvider>{ui}</LinkOpenerProvider>
      </LanguageContext.Provider>
    </AppContext.Provider>,
  );
  const emit: FakeApi['emit'] = (event, payload) => {
    act(() => api.emit(event, payload));
  };
  return { ...result, api, store, user, emit };
}
