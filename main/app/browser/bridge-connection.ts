/**
 * One page's WebSocket in browser mode: JSON requests `{id, channel, payload}` → `{id, ok, result|error}`, binary
 * uploads (see uploads.ts), and events `{events: [{event, payload}, …]}` pushed by the page's DesktopApp, in batches.
 * A message that is not a request gets `{id: 0, ok: false, error: {code: 'bad_payload'}}`; the connection stays open.
 */
import type { RawData, WebSocket } from 'ws';
import type { EventBatch, Reply } from '@contract/ipc-contract';
import { AppFailure, failure } from '../app-error.js';
import type { DesktopApp } from '../desktop-app.js';
import { dispatch, type HandlerTable } from '../dispatch.js';
import { PAGE_FORBIDDEN_CHANNELS } from '../channel-policy.js';
import { parseUpload, storeUpload } from './uploads.js';

export class BridgeConnection {
  constructor(
    private readonly ws: WebSocket,
    private readonly handlers: HandlerTable,
    private readonly app: DesktopApp,
    private readonly uploadsDir: string,
  ) {
    ws.on('message', (data, isBinary) => void this.onMessage(data, isBinary));
    ws.on('error', () => ws.terminate());
  }

  sendEvents(events: EventBatch): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify({ events }));
  }

  close(code: number, reason: string): void {
    this.ws.close(code, reason);
  }

  private reply(id: number, reply: Reply<unknown>): void {
    if (this.ws.readyState === this.ws.OPEN) this.ws.send(JSON.stringify({ id, ...reply }));
  }

  private async onMessage(data: RawData, isBinary: boolean): Promise<void> {
    const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (isBinary) return this.onUpload(buffer);
    let message: unknown;
    try {
      message = JSON.parse(buffer.toString('utf8'));
    } catch {
      return this.reply(0, failure(new AppFailure('bad_payload', 'A request must be one JSON object.')));
    }
    const { id, channel, payload } = (typeof message === 'object' && message !== null ? message : {}) as Record<
      string,
      unknown
    >;
    if (typeof id !== 'number' || !Number.isSafeInteger(id) || id <= 0) {
      return this.reply(0, failure(new AppFailure('bad_payload', 'A request needs a positive integer id.')));
    }
    if (typeof channel === 'string' && PAGE_FORBIDDEN_CHANNELS.has(channel as never)) {
      return this.reply(id, failure(new AppFailure('forbidden', `The page may not call ${channel}.`)));
    }
    this.reply(id, await dispatch(this.handlers, channel, payload));
  }

  private async onUpload(buffer: Buffer): Promise<void> {
    let id = 0;
    try {
      const upload = parseUpload(buffer);
      id = upload.id;
      const path = await storeUpload(this.uploadsDir, upload);
      const [file] = await this.app.files.register([path]);
      this.reply(id, { ok: true, result: file });
    } catch (error) {
      this.reply(id, failure(error));
    }
  }
}
