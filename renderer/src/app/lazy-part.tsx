/** A component loaded on demand (its own chunk) that renders at once, without suspending, once it has been loaded. */
import { lazy, useState, type ComponentType, type JSX } from 'react';

export interface LazyPart<P extends object> {
  /** Renders the part; suspends (nearest Suspense boundary) only while its chunk is still loading. */
  Component: (props: P) => JSX.Element;
  /** Starts loading the chunk (once); resolves when it is ready. */
  load(): Promise<void>;
}

export function lazyPart<P extends object>(load: () => Promise<ComponentType<P>>): LazyPart<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  const start = (): Promise<ComponentType<P>> =>
    (loading ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        loading = undefined; // a later render may try again
        throw error;
      },
    ));
  const Suspending = lazy(() => start().then((component) => ({ default: component })));
  function Part(props: P): JSX.Element {
    // Chosen once per mount: switching from the lazy wrapper to the loaded component would remount it.
    const [Chosen] = useState<ComponentType<P>>(() => loaded ?? Suspending);
    return <Chosen {...props} />;
  }
  return { Component: Part, load: () => start().then(() => undefined) };
}
