import type { InvokeChannel } from '@contract/ipc-contract';

/** Channels only trusted glue may call (the preload, with paths it resolved from dropped files); never the page. */
export const PAGE_FORBIDDEN_CHANNELS: ReadonlySet<InvokeChannel> = new Set<InvokeChannel>(['files.registerPaths']);
