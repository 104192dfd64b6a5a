/**
 * History replayed by the host (after joining, reconnecting or coming back) may repeat messages already on screen:
 * a message is the same when its run and mid are. Within a log, one run's mids only grow, so the search walks back
 * from the newest entry and stops at the first older mid of that run (or another run).
 */
import type { MessageLog } from './message-log';
import type { TimelineEntry } from './model';

/** How far back a replayed message is looked for (a replay is at most the host's history, 1,000 by default). */
const SEARCH_LIMIT = 5_000;

export function alreadyShown(log: MessageLog<TimelineEntry>, run: string, mid: number): boolean {
  const stop = Math.max(0, log.length - SEARCH_LIMIT);
  for (let i = log.length - 1; i >= stop; i--) {
    const entry = log.items[i];
    if (entry?.kind !== 'msg') continue;
    if (entry.run !== run || entry.mid < mid) return false;
    if (entry.mid === mid) return true;
  }
  return false;
}

/** The log already ends in replayed history (or its separator): more of it needs no new separator. */
export function endsInHistory(log: MessageLog<TimelineEntry>): boolean {
  const last = log.items[log.length - 1];
  if (last?.kind === 'msg') return last.hist === true;
  return last?.kind === 'notice' && (last.notice.type === 'earlier' || last.notice.type === 'away-held');
}
