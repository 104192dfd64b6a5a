/**
 * The TCP stream under a client's TLS session, minus a plain-text greeting in front of the server's first TLS record
 * (a room greets a connection whose ClientHello was delayed past 1 s, and then still speaks TLS on it:
 * docs/PROTOCOL.md section 1). Everything else passes through unchanged, both ways, with back-pressure.
 */
import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import { GreetingSkipper } from '../protocol/greeting-skip.js';

export class GreetingFilter extends Duplex {
  constructor(private readonly raw: Socket) {
    super({ allowHalfOpen: false });
    const skipper = new GreetingSkipper();
    raw.on('data', (chunk: Buffer) => {
      const bytes = skipper.push(chunk);
      if (bytes && !this.push(bytes)) raw.pause();
    });
    raw.on('end', () => this.push(null));
    raw.on('error', (error) => this.destroy(error));
    raw.on('close', () => this.destroy());
  }

  override _read(): void {
    this.raw.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.raw.write(chunk, done);
  }

  override _final(done: (error?: Error | null) => void): void {
    this.raw.end(done);
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.raw.destroy();
    done(error);
  }
}
