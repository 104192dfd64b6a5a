/**
 * Builds the full user list from the server's pages (`login`, then `list {after}` until no `next`). Pages and the
 * room events that arrive between them are applied in the order the server sent them, so somebody who leaves,
 * joins, renames or changes status while the pages arrive ends up as the room has them.
 */
import type { FrameObject } from '../protocol/codec.js';
import type { UserInfo, UserPage } from '../protocol/messages.js';
import { nickKey } from '../protocol/nickname.js';

export class UserListCollector {
  private readonly users = new Map<string, UserInfo>();
  private awaited: number | undefined;

  /** The next page is the answer to request `id`. */
  expect(id: number): void {
    this.awaited = id;
  }

  /** Every frame from the server, in order (call it synchronously as frames are decoded). */
  onFrame(frame: FrameObject): void {
    const f = frame as Record<string, unknown>;
    switch (f.t) {
      case 'ok':
        if (f.id === this.awaited && isPage(f.result)) {
          this.awaited = undefined;
          for (const user of f.result.users) this.users.set(nickKey(user.nick), user);
        }
        return;
      case 'joined': {
        const user = f.user as UserInfo | undefined;
        if (user && typeof user.nick === 'string') this.users.set(nickKey(user.nick), user);
        return;
      }
      case 'left':
        if (typeof f.nick === 'string') this.users.delete(nickKey(f.nick));
        return;
      case 'renamed': {
        if (typeof f.from !== 'string' || typeof f.to !== 'string') return;
        const user = this.users.get(nickKey(f.from));
        if (!user) return;
        this.users.delete(nickKey(f.from));
        this.users.set(nickKey(f.to), { ...user, nick: f.to });
        return;
      }
      case 'status': {
        if (typeof f.nick !== 'string' || typeof f.status !== 'string') return;
        const before = this.users.get(nickKey(f.nick));
        if (!before) return;
        // A status changes status and away text only; the member's key and encryption stay.
        const { awayText: _old, ...kept } = before;
        const user: UserInfo = { ...kept, nick: f.nick, status: f.status as UserInfo['status'] };
        if (typeof f.awayText === 'string') user.awayText = f.awayText;
        this.users.set(nickKey(f.nick), user);
        return;
      }
    }
  }

  result(): UserInfo[] {
    return [...this.users.values()];
  }
}

function isPage(value: unknown): value is UserPage {
  return typeof value === 'object' && value !== null && Array.isArray((value as UserPage).users);
}
