/**
 * The one place a request from the UI enters main/: check the channel exists, validate the payload, run the
 * handler, and turn the outcome into a Reply. Used by Electron's ipcMain wrappers and by the browser-mode bridge.
 */
import type { InvokeChannel, InvokeRequest, InvokeResponse, Reply } from '@contract/ipc-contract';
import { AppFailure, failure } from './app-error.js';
import { isInvokeChannel, payloadSchemas } from './payload-schemas.js';

export type Handler<C extends InvokeChannel> = (payload: InvokeRequest<C>) => Promise<InvokeResponse<C>>;
export type HandlerTable = { [C in InvokeChannel]: Handler<C> };

export async function dispatch(
  handlers: HandlerTable,
  channel: unknown,
  payload: unknown,
  onUnexpected: (error: unknown, channel: string) => void = (error, name) =>
    console.error(`[ipc] ${name} failed:`, error),
): Promise<Reply<unknown>> {
  if (!isInvokeChannel(channel))
    return failure(
      new AppFailure('unknown_channel', `There is no channel named ${JSON.stringify(String(channel)).slice(0, 80)}.`),
    );
  try {
    const checked = payloadSchemas[channel](payload);
    const handler = handlers[channel] as (value: unknown) => Promise<unknown>;
    const result = await handler(checked);
    return { ok: true, result: result ?? null };
  } catch (error) {
    const reply = failure(error);
    if (!reply.ok && reply.error.code === 'internal') onUnexpected(error, channel);
    return reply;
  }
}
