/** System lines of the conversation, worded in the UI's language from the notice's data. */
import { COMMANDS } from '../../app/commands';
import type { Dictionary } from '../../i18n/en';
import { useT } from '../../i18n/i18n';
import { displayName } from '../../lib/display-text';
import type { NoticeView } from '../../store/model';
import { LogDivider } from './LogDivider';

export function noticeSentence(t: Dictionary, notice: NoticeView): string {
  const n = (nick: string) => displayName(nick, 40);
  switch (notice.type) {
    case 'joined':
      return t.n_joined(n(notice.nick));
    case 'left':
      if (notice.reason === 'moved') return t.n_left_moved(n(notice.nick));
      return notice.reason === 'quit' || notice.reason === 'server_shutdown'
        ? t.n_left(n(notice.nick))
        : t.n_left_dropped(n(notice.nick));
    case 'renamed':
      return t.n_renamed(n(notice.from), n(notice.to));
    case 'away':
      return notice.awayText
        ? `${t.n_away(n(notice.nick))} “${displayName(notice.awayText, 200)}”`
        : t.n_away(n(notice.nick));
    case 'back':
      return t.n_back(n(notice.nick));
    case 'dm-started':
      return t.n_dm_started(n(notice.peer));
    case 'dm-ended': {
      const wording = {
        declined: t.n_dm_declined,
        expired: t.n_dm_expired,
        cancelled: t.n_dm_cancelled,
        ended: t.n_dm_ended,
        left: t.n_dm_ended,
        busy: t.n_dm_busy,
      };
      return wording[notice.reason](n(notice.peer));
    }
    case 'server':
      return serverNotice(t, notice.code, notice.text);
    case 'error':
      return notice.text;
    case 'unencrypted':
      return t.warnUnencrypted(n(notice.nick));
    case 'users':
      return t.n_users(notice.users.map((u) => n(u.nick)).join(', '));
    case 'help':
      return t.helpTitle;
    case 'away-held':
      return notice.lost > 0 ? `${t.awayHeld(notice.held)}. ${t.awayLost(notice.lost)}` : t.awayHeld(notice.held);
    case 'away-not-kept':
      return t.awayNotKept(notice.missed);
    case 'earlier':
      return t.earlierMessages;
  }
}

/** The app's own words for the notices it knows (the host's closing words are added when they are its own). */
function serverNotice(t: Dictionary, code: string, text: string): string {
  if (code === 'host_stopping')
    return text === HOST_CLOSED_EN ? t.n_host_closed : `${t.n_host_closed} “${displayName(text, 200)}”`;
  if (code === 'app.reconnected') return t.n_reconnected;
  return displayName(text, 1000);
}
/** What the app's host says when it closes its room without words of its own (main/app/room-host.ts). */
const HOST_CLOSED_EN = 'The host closed the room.';

/** Notices drawn as a line across the log rather than as a sentence. */
export function isDividerNotice(notice: NoticeView): boolean {
  return notice.type === 'earlier' || notice.type === 'away-held';
}

/** A system line in the conversation: joins, leaves, renames, away, 1:1 changes, server notices, local errors. */
export function NoticeText({ notice }: { notice: NoticeView }) {
  const t = useT();
  if (notice.type === 'earlier') return <LogDivider label={t.earlierMessages} tone="muted" />;
  if (notice.type === 'away-held')
    return (
      <LogDivider
        label={t.awayHeld(notice.held)}
        tone="accent"
        {...(notice.lost > 0 ? { detail: t.awayLost(notice.lost) } : {})}
      />
    );
  if (notice.type === 'help') {
    return (
      <div className="my-1 rounded-xl border border-line bg-sidebar px-4 py-3">
        <p className="mb-2 text-xs font-semibold uppercase tracking-wider text-muted">{t.helpTitle}</p>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-[13px]">
          {COMMANDS.map((c) => (
            <div key={c.name} className="contents">
              <dt className="font-mono text-fg">{c.usage}</dt>
              <dd className="text-muted">{t[c.help]}</dd>
            </div>
          ))}
        </dl>
      </div>
    );
  }
  const tone = notice.type === 'error' ? 'text-danger' : notice.type === 'unencrypted' ? 'text-warn' : 'text-muted';
  return (
    <p
      dir="auto"
      className={`bidi-isolate flex items-center gap-2 text-[13px] ${tone}`}
      role={notice.type === 'error' || notice.type === 'unencrypted' ? 'alert' : undefined}
    >
      <span
        aria-hidden="true"
        className={`size-1.5 shrink-0 rounded-full ${
          notice.type === 'error' ? 'bg-danger' : notice.type === 'unencrypted' ? 'bg-warn' : 'bg-faint'
        }`}
      />
      <span className="min-w-0 break-words">{noticeSentence(t, notice)}</span>
    </p>
  );
}
