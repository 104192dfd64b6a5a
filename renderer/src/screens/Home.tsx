import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useApi, useAppState, useStore } from '../app/app-context';
import { createSessionActions } from '../app/session-actions';
import { HostForm } from '../components/home/HostForm';
import { HostInfo } from '../components/home/HostInfo';
import { JoinForm, type JoinPrefill } from '../components/home/JoinForm';
import { NearbyRooms } from '../components/home/NearbyRooms';
import { useNearbyRooms } from '../components/home/use-nearby-rooms';
import { Avatar } from '../components/ui/Avatar';
import { Button, IconButton } from '../components/ui/Button';
import { Icon, type IconName } from '../components/ui/Icon';
import { Logo } from '../components/ui/Logo';
import { Name } from '../components/messages/Name';
import { HOME_ONE_COLUMN_MAX_PX, useNarrow } from '../hooks/use-narrow';
import { useT } from '../i18n/i18n';
import { displayName } from '../lib/display-text';
import { sameRoom } from '../lib/room-name';

function Card({
  id,
  icon,
  title,
  body,
  children,
}: {
  id: string;
  icon: IconName;
  title: string;
  body: string;
  children: ReactNode;
}) {
  return (
    <section
      id={id}
      className="flex flex-col rounded-2xl border border-line bg-panel p-6 shadow-card"
      aria-label={title}
    >
      <div className="mb-5 flex items-start gap-3">
        <span className="flex size-10 shrink-0 items-center justify-center rounded-xl bg-accent-soft text-accent">
          <Icon name={icon} className="size-5" />
        </span>
        <div>
          <h2 className="text-[17px] font-semibold tracking-tight text-fg">{title}</h2>
          <p className="mt-0.5 text-[13px] text-muted">{body}</p>
        </div>
      </div>
      {children}
    </section>
  );
}

/**
 * Host a room or join one. Two columns from `md` up (host, then join); in one column a guest sees the join card, with
 * "Rooms on this network", first. The cards are reordered in the DOM, not with CSS `order`, so reading and Tab order
 * follow what is seen; they are keyed, so a resize across the breakpoint keeps what was typed.
 */
export function Home() {
  const api = useApi();
  const store = useStore();
  const t = useT();
  const settings = useAppState((s) => s.settings);
  const host = useAppState((s) => s.host);
  const roomLink = useAppState((s) => s.roomLink);
  const session = useMemo(() => createSessionActions(api, store), [api, store]);
  const nearby = useNearbyRooms(api);
  const oneColumn = useNarrow(HOME_ONE_COLUMN_MAX_PX);
  const [prefill, setPrefill] = useState<JoinPrefill | null>(null);
  const prefills = useRef(0);
  // A room link opened: fill the join form with it (the user still clicks Join).
  useEffect(() => {
    if (!roomLink) return;
    const { link } = roomLink;
    setPrefill({
      host: link.host,
      port: link.port,
      ...(link.room ? { room: link.room } : {}),
      ...(link.code ? { code: link.code } : {}),
      join: false,
      fromLink: true,
      seq: ++prefills.current,
    });
    store.dispatch({ type: 'room-link', link: null });
  }, [roomLink, store]);
  // "Host a Room…" and "Join a Room…" in the app menu: to the first field of that card.
  useEffect(
    () =>
      api.on('menu', ({ command }) => {
        const card = command === 'host-room' ? 'host-card' : command === 'join-room' ? 'join-card' : undefined;
        if (card) {
          // The card's first field (the join card's room list comes before its address field).
          const cardElement = document.getElementById(card);
          (
            cardElement?.querySelector<HTMLElement>('input') ?? cardElement?.querySelector<HTMLElement>('button')
          )?.focus();
        }
      }),
    [api],
  );
  if (!settings) return null;
  const nick = settings.nickname;

  const hostCard = (
    <Card key="host" id="host-card" icon="server" title={t.hostTitle} body={t.hostBody}>
      {host.running ? (
        <div className="space-y-4">
          <HostInfo host={host} onStop={() => void session.stopHosting()} />
          <Button
            variant="primary"
            size="lg"
            icon="login"
            className="w-full"
            onClick={() => void session.join({ host: '127.0.0.1', port: host.port, nick })}
          >
            {t.openRoom}
          </Button>
        </div>
      ) : (
        <HostForm
          defaultPort={settings.hostPort}
          defaultRoomName={t.defaultRoomName(displayName(nick, 24))}
          onHost={(options) => session.host(options, nick)}
        />
      )}
    </Card>
  );
  const joinCard = (
    <Card key="join" id="join-card" icon="wifi" title={t.joinTitle} body={t.joinBody}>
      <div className="mb-5">
        <NearbyRooms
          found={nearby.found}
          onSearchAgain={nearby.searchAgain}
          onPick={(room, chosen) =>
            setPrefill({
              host: room.host,
              port: room.port,
              // The default room is joined without naming it (its display name may be one a room name cannot be).
              ...(chosen && !sameRoom(chosen.name, room.name) ? { room: chosen.name } : {}),
              code: room.roomCode,
              passwordRequired: chosen ? chosen.passwordRequired : room.passwordRequired,
              join: true,
              seq: ++prefills.current,
            })
          }
        />
      </div>
      <JoinForm
        nick={nick}
        prefill={prefill}
        recent={settings.recentRooms}
        onJoin={(request) => session.join(request)}
        onForget={(room) => void session.forgetRoom(room.host, room.port, room.room)}
      />
    </Card>
  );
  // While hosting, the hosting panel (room code, link, self-check) stays first.
  const cards = oneColumn && !host.running ? [joinCard, hostCard] : [hostCard, joinCard];

  return (
    <div className="flex h-full flex-col">
      <header className="flex h-14 shrink-0 items-center gap-3 border-b border-line bg-panel px-5">
        <Logo className="size-8" />
        <div className="leading-tight">
          <h1 className="text-[15px] font-semibold tracking-tight text-fg">{t.appName}</h1>
          <p className="text-[11px] text-muted">{t.tagline}</p>
        </div>
        <div className="ml-auto flex items-center gap-2">
          <span className="flex items-center gap-2 rounded-full border border-line bg-raised py-1 pl-1 pr-3 text-[13px] font-medium text-fg">
            <Avatar nick={nick} size="sm" />
            <Name name={nick} />
          </span>
          <IconButton
            icon="settings"
            label={t.settings}
            onClick={() => store.dispatchNow({ type: 'panel', panel: 'settings' })}
          />
        </div>
      </header>
      <main className="scrollbar-thin flex-1 overflow-y-auto">
        <div className="mx-auto grid max-w-5xl gap-6 p-8 md:grid-cols-2">{cards}</div>
      </main>
    </div>
  );
}
