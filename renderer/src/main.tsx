import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { AppContext } from './app/app-context';
import { startApp } from './app/bind-events';
import { getApi } from './api/get-api';
import { preloadParts } from './app/parts';
import { reducer, initialState } from './store/reducer';
import { createStore } from './store/store';
import './styles.css';

const api = getApi();
const store = createStore(reducer, initialState());
const root = createRoot(document.getElementById('root')!);
root.render(
  <StrictMode>
    <AppContext.Provider value={{ api, store }}>
      <App />
    </AppContext.Provider>
  </StrictMode>,
);
startApp(api, store).catch((error: unknown) => {
  console.error('Sarangbang could not start', error);
});
// The other screens' chunks, fetched once the first screen has painted: opening them then never waits.
requestAnimationFrame(() =>
  setTimeout(() => {
    preloadParts().catch((error: unknown) => console.error('Sarangbang could not load a part', error));
  }, 0),
);
