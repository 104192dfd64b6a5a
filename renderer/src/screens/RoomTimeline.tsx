/**
 * The room's conversation, subscribed to the timeline alone: arriving messages render this list again (once per
 * batch), not the room screen around it (header, composer, side column).
 */
import { useAppState } from '../app/app-context';
import { MessageList } from '../components/messages/MessageList';
import { emptyLog } from '../store/message-log';
import type { TimelineEntry } from '../store/model';
import { selectTimeline } from '../store/selectors';

const NO_LOG = emptyLog<TimelineEntry>();

export function RoomTimeline(props: Omit<Parameters<typeof MessageList>[0], 'log'>) {
  const log = useAppState(selectTimeline) ?? NO_LOG;
  return <MessageList log={log} {...props} />;
}
