/**
 * Turns session events into printed lines for the terminal client, and keeps the little state the terminal needs:
 * who is in the room (for completion, away/back notices and the unencrypted warning), our 1:1 partner, and 1:1
 * requests awaiting y/n.
 *
 * With People (people.json), each member with a key is checked as it is seen (the login list, a join, a rename): a
 * nickname last seen with another key gets one line saying so and is marked a new device (`/list`) for the rest of
 * the session; the key is then remembered for that nickname. Our own nickname is left alone.
 */
import { ProtocolError } from '../client/errors.js';
import type { ClientSession } from '../client/session.js';
import type { UserInfo, UserStatus } from '../protocol/messages.js';
import { nickKey } from '../protocol/nickname.js';
import type { People } from '../security/people.js';
import type { PromptQueue } from './prompts.js';
import {
  formatAway,
  formatAwake,
  formatBack,
  formatChat,
  formatError,
  formatJoined,
  formatLeft,
  formatNewDevice,
  formatRenamed,
  formatWithEnded,
  formatWithRequest,
  formatWithStarted,
  REPLAY_TRUNCATED,
  safeText,
} from './format.js';

/** A key as the host stamps it: hex SHA-256 (anything else is not looked up or remembered). */
const FINGERPRINT = /^[0-9a-f]{64}$/;

export class RoomView {
  private readonly users = new Map<string, UserInfo>();
  private partner: string | undefined;
  private away = false;
  /** Set once the first connection logged in. */
  private joined = false;
  /** Unencrypted peers already warned about (by nickname key). */
  private readonly warnedUnencrypted = new Set<string>();
  /** `nickKey fp` of members seen on a new device this session (the mark survives leaving and reconnects). */
  private readonly newDevices = new Set<string>();
  /** The key each nickname was last seen with this session, ahead of People's write of it (by nickname key). */
  private readonly lastKeys = new Map<string, string>();

  constructor(
    private readonly session: ClientSession,
    private readonly print: (text: string) => void,
    private readonly promptChanged: () => void,
    private readonly prompts: PromptQueue,
    private readonly people?: People,
  ) {
    session.on('connected', ({ users, reconnected, nick, room, replay }) => {
      this.joined = true;
      this.setUsers(users);
      this.partner = undefined;
      this.away = false;
      prompts.clear();
      if (reconnected) this.print(`Reconnected as ${safeText(nick)}.`);
      else
        this.print(
          `Joined ${room.name ? `"${safeText(room.name)}" ` : 'the room '}at ${session.host}:${session.port} as ${safeText(nick)}. ${users.length} user${users.length === 1 ? '' : 's'} here. Type /help for commands.`,
        );
      for (const user of users) this.recognise(user);
      if (reconnected && replay?.truncated) this.print(REPLAY_TRUNCATED);
      this.promptChanged();
    });
    session.on('msg', (message) => this.print(formatChat(message, session.nick)));
    session.on('joined', ({ user }) => {
      this.users.set(nickKey(user.nick), user);
      this.print(formatJoined(user.nick));
      this.recognise(user);
    });
    session.on('left', ({ nick, reason }) => {
      this.users.delete(nickKey(nick));
      prompts.removeFrom(nick);
      this.print(formatLeft(nick, reason));
    });
    session.on('renamed', ({ from, to }) => {
      const user = this.users.get(nickKey(from));
      this.users.delete(nickKey(from));
      const renamed: UserInfo = { ...(user ?? { status: 'active' }), nick: to };
      this.users.set(nickKey(to), renamed);
      if (this.partner !== undefined && nickKey(this.partner) === nickKey(from)) this.partner = to;
      prompts.renamed(from, to);
      this.print(formatRenamed(from, to));
      this.recognise(renamed);
      this.promptChanged(); // our own new name, or our partner's, is in the prompt
    });
    session.on('status', ({ nick, status, awayText }) => this.onStatus(nick, status, awayText));
    session.on('awake', ({ missed, held }) => {
      this.away = false;
      this.print(formatAwake(missed, held));
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
      // A first connection that failed is reported once, on stderr, by join itself.
      if (reason === 'closed' || !this.joined) return;
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

  /** True when `user` (as `/list` gives it) holds their nickname on another key than last time, this session. */
  isNewDevice(user: UserInfo): boolean {
    return user.fp !== undefined && this.newDevices.has(`${nickKey(user.nick)} ${user.fp}`);
  }

  /** Resolves once what was seen is written to People (before the process exits). */
  async peopleWritten(): Promise<void> {
    await this.people?.settled();
  }

  nicks(): string[] {
    return [...this.users.values()].map((user) => user.nick);
  }

  /**
   * A member with a key, just seen: compared with the key their nickname was last seen with (this session, else
   * People), a line the first time it is another one, then remembered. Never ours, never without People.
   */
  private recognise(user: UserInfo): void {
    const { people } = this;
    const fp = user.fp;
    const key = nickKey(user.nick);
    if (!people || fp === undefined || !FINGERPRINT.test(fp) || key === nickKey(this.session.nick)) return;
    const last = this.lastKeys.get(key);
    const newDevice = last === undefined ? people.isNewDevice(user.nick, fp) : last !== fp;
    this.lastKeys.set(key, fp);
    people.seen(user.nick, fp).catch(() => undefined);
    const mark = `${key} ${fp}`;
    if (!newDevice || this.newDevices.has(mark)) return;
    this.newDevices.add(mark);
    this.print(formatNewDevice(user.nick, fp));
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
