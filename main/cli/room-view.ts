/**
 * Turns session events into printed lines for the terminal client, and keeps the little state the terminal needs:
 * who is in the room (for completion, away/back notices and the unencrypted warning), our 1:1 partner, and 1:1
 * requests awaiting y/n.
 */
import { ProtocolError } from '../client/errors.js';
import type { ClientSession } from '../client/session.js';
import type { UserInfo, UserStatus } from '../protocol/messages.js';
import { nickKey } from '../protocol/nickname.js';
import type { PromptQueue } from './prompts.js';
import {
  formatAway,
  formatAwake,
  formatBack,
  formatChat,
  formatError,
  formatJoined,
  formatLeft,
  formatRenamed,
  formatWithEnded,
  formatWithRequest,
  formatWithStarted,
  safeText,
} from './format.js';

export class RoomView {
  private readonly users = new Map<string, UserInfo>();
  private partner: string | undefined;
  private away = false;
  /** Unencrypted peers already warned about (by nickname key). */
  private readonly warnedUnencrypted = new Set<string>();

  constructor(
    private readonly session: ClientSession,
    private readonly print: (text: string) => void,
    private readonly promptChanged: () => void,
    private readonly prompts: PromptQueue,
  ) {
    session.on('connected', ({ users, reconnected, nick, room }) => {
      this.setUsers(users);
      this.partner = undefined;
      this.away = false;
      prompts.clear();
      if (reconnected) this.print(`Reconnected as ${safeText(nick)}.`);
      else
        this.print(
          `Joined ${room.name ? `"${safeText(room.name)}" ` : 'the room '}at ${session.host}:${session.port} as ${safeText(nick)}. ${users.length} user${users.length === 1 ? '' : 's'} here. Type /help for commands.`,
        );
      this.promptChanged();
    });
    session.on('msg', (message) => this.print(formatChat(message, session.nick)));
    session.on('joined', ({ user }) => {
      this.users.set(nickKey(user.nick), user);
      this.print(formatJoined(user.nick));
    });
    session.on('left', ({ nick, reason }) => {
      this.users.delete(nickKey(nick));
      prompts.removeFrom(nick);
      this.print(formatLeft(nick, reason));
    });
    session.on('renamed', ({ from, to }) => {
      const user = this.users.get(nickKey(from));
      this.users.delete(nickKey(from));
      this.users.set(nickKey(to), { ...(user ?? { status: 'active' }), nick: to });
      if (this.partner !== undefined && nickKey(this.partner) === nickKey(from)) this.partner = to;
      prompts.renamed(from, to);
      this.print(formatRenamed(from, to));
    });
    session.on('status', ({ nick, status, awayText }) => this.onStatus(nick, status, awayText));
    session.on('awake', ({ missed }) => {
      this.away = false;
      this.print(formatAwake(missed));
      this.promptChanged();
    });
    session.on('with.request', ({ from }) => {
      prompts.add({
        kind: 'with',
        id: '',
        from,
        files: 0,
        answer: (accept, asker) => session.answerWith(asker, accept !== false),
      });
      this.print(formatWithRequest(from));
    });
    session.on('with.started', ({ peer }) => {
      prompts.removeWith(peer);
      this.partner = peer;
      this.print(formatWithStarted(peer));
      this.promptChanged();
    });
    session.on('with.ended', (event) => {
      prompts.removeWith(event.peer);
      if (this.partner !== undefined && nickKey(this.partner) === nickKey(event.peer)) this.partner = undefined;
      this.print(formatWithEnded(event));
      this.promptChanged();
    });
    session.on('notice', ({ text }) => this.print(`* ${safeText(text)}`));
    session.on('error', ({ id, message }) => {
      if (id === undefined) this.print(formatError(message));
    });
    session.on('disconnected', ({ message, willReconnect, reason }) => {
      if (reason === 'closed') return;
      this.print(formatError(willReconnect ? `${message} Reconnecting...` : message));
    });
    session.on('reconnecting', ({ attempt, inMs, error }) => {
      if (error instanceof ProtocolError && error.code === 'nick_taken') {
        this.print(
          formatError(
            `Someone has the nickname "${safeText(session.nick)}" now (or our old connection still holds it).`,
          ),
        );
      }
      this.print(`Reconnecting in ${(inMs / 1000).toFixed(1)} s (attempt ${attempt})...`);
    });
  }

  /** The prompt, course style: `atom> `, with the 1:1 partner or away state when there is one. */
  prompt(): string {
    const nick = safeText(this.session.nick);
    if (this.partner !== undefined) return `${nick} (1:1 ${safeText(this.partner)})> `;
    if (this.away) return `${nick} (away)> `;
    return `${nick}> `;
  }

  setAway(away: boolean): void {
    this.away = away;
    this.promptChanged();
  }

  /**
   * Before a whisper or a 1:1 request to `nick`: a warning, once per peer, when the host says that member is not
   * encrypted (`secure: false`; an older host that says nothing gets no warning).
   */
  unencryptedWarning(nick: string): string | undefined {
    const user = this.users.get(nickKey(nick));
    if (user?.secure !== false || this.warnedUnencrypted.has(nickKey(user.nick))) return undefined;
    this.warnedUnencrypted.add(nickKey(user.nick));
    return `${safeText(user.nick)} is not encrypted: the host and anyone on the network can read this`;
  }

  nicks(): string[] {
    return [...this.users.values()].map((user) => user.nick);
  }

  private setUsers(users: readonly UserInfo[]): void {
    this.users.clear();
    for (const user of users) this.users.set(nickKey(user.nick), user);
  }

  private onStatus(nick: string, status: UserStatus, awayText: string | undefined): void {
    const key = nickKey(nick);
    const before = this.users.get(key)?.status;
    const { awayText: _oldText, ...known } = this.users.get(key) ?? { nick };
    this.users.set(key, { ...known, nick, status, ...(awayText === undefined ? {} : { awayText }) });
    if (key === nickKey(this.session.nick)) {
      this.setAway(status === 'away');
      return;
    }
    if (status === 'away') this.print(formatAway(nick, awayText));
    else if (before === 'away') this.print(formatBack(nick));
  }
}
