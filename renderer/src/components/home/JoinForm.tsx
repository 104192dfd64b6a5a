import { useEffect, useRef, useState } from 'react';
import type { AppError, RecentRoom } from '@contract/ipc-contract';
import { useApi } from '../../app/app-context';
import { errorText } from '../../app/error-text';
import { useT } from '../../i18n/i18n';
import { formatAddress, nextNick, parseAddress } from '../../lib/address';
import { Button } from '../ui/Button';
import { Field, inputClass } from '../ui/Field';
import { IdentityChangedDialog } from './IdentityChangedDialog';
import { RecentRooms } from './RecentRooms';
import { chosenRoom, RoomPicker } from './RoomPicker';
import { useHostRooms } from './use-host-rooms';

export interface JoinRequest {
  host: string;
  port: number;
  nick: string;
  /** A room of a many-room host; absent: its default room. */
  room?: string;
  password?: string;
  code?: string;
  trustNewIdentity?: boolean;
}

/**
 * What fills the form from outside: a room picked in "Rooms on this network" (`join`: join at once unless it needs a
 * password) or a room link (never joins by itself). A new `seq` fills it again.
 */
export interface JoinPrefill {
  host: string;
  port: number;
  /** A room of a many-room host (a link's path, a room chosen in the list); absent: the default room. */
  room?: string;
  code?: string;
  passwordRequired?: boolean;
  join: boolean;
  fromLink?: boolean;
  seq: number;
}

/** Failures shown at the room code field rather than below the form. */
const CODE_ERRORS: ReadonlySet<string> = new Set(['bad_code', 'identity_mismatch']);
/** Failures about the room asked for: worded with its name. */
const ROOM_ERRORS: ReadonlySet<string> = new Set(['no_such_room', 'room_invalid', 'too_many_rooms']);

/**
 * host:port, the room code to compare (optional), the room on a many-room host (asked of the host once the address is
 * typed; a one-room host shows no choice), a password when the room asks for one, another nickname when ours is
 * taken; a room whose identity changed since the last visit opens the changed-identity dialog.
 */
export function JoinForm({
  nick,
  recent,
  onJoin,
  onForget,
  prefill,
}: {
  nick: string;
  recent: readonly RecentRoom[];
  prefill?: JoinPrefill | null;
  onJoin: (request: JoinRequest) => Promise<AppError | null>;
  onForget: (room: RecentRoom) => void;
}) {
  const t = useT();
  const api = useApi();
  const [address, setAddress] = useState('');
  /** The room asked for ('' the default room). */
  const [room, setRoom] = useState('');
  /** Filled in from outside (a link, the list, a recent room): ask the host at once. */
  const [filledIn, setFilledIn] = useState(false);
  const [code, setCode] = useState('');
  const [changed, setChanged] = useState<{ addressText: string; nick: string; error: AppError } | null>(null);
  const [password, setPassword] = useState('');
  const [needsPassword, setNeedsPassword] = useState(false);
  const [nickOverride, setNickOverride] = useState<string | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [addressError, setAddressError] = useState(false);
  const [busy, setBusy] = useState(false);
  const [fromLink, setFromLink] = useState(false);
  const useNick = nickOverride ?? nick;
  const filled = useRef(0);
  const host = useHostRooms(api, address, filledIn);
  const listedRoom = host.rooms ? chosenRoom(host.rooms, room) : undefined;
  const showPassword = needsPassword || !!listedRoom?.passwordRequired;

  const join = async (
    addressText: string,
    nickToUse: string,
    trustNewIdentity = false,
    codeText = code,
    withPassword = showPassword,
    roomName = room,
  ) => {
    const target = parseAddress(addressText);
    if (!target) {
      setAddressError(true);
      return;
    }
    setAddressError(false);
    setError(null);
    setBusy(true);
    const failure = await onJoin({
      ...target,
      nick: nickToUse,
      ...(roomName ? { room: roomName } : {}),
      ...(withPassword && password ? { password } : {}),
      ...(codeText.trim() ? { code: codeText.trim() } : {}),
      ...(trustNewIdentity ? { trustNewIdentity } : {}),
    });
    setBusy(false);
    if (!failure) return;
    if (failure.code === 'identity_changed') {
      setChanged({ addressText: formatAddress(target.host, target.port), nick: nickToUse, error: failure });
      return;
    }
    setError(failure);
    if (failure.code === 'password_required' || failure.code === 'wrong_password') setNeedsPassword(true);
    if (failure.code === 'nick_taken') setNickOverride(nextNick(nickToUse));
  };

  useEffect(() => {
    if (!prefill || prefill.seq === filled.current) return;
    filled.current = prefill.seq;
    const text = formatAddress(prefill.host, prefill.port);
    setAddress(text);
    setFilledIn(true);
    setRoom(prefill.room ?? '');
    setCode(prefill.code ?? '');
    setPassword('');
    setNeedsPassword(!!prefill.passwordRequired);
    setError(null);
    setAddressError(false);
    setFromLink(!!prefill.fromLink);
    if (prefill.join && !prefill.passwordRequired)
      void join(text, useNick, false, prefill.code ?? '', false, prefill.room ?? '');
    // Only a new prefill fills the form; typing afterwards is the user's.
  }, [prefill]);

  return (
    <div className="space-y-5">
      <form
        className="space-y-4"
        aria-label={t.joinTitle}
        onSubmit={(event) => {
          event.preventDefault();
          void join(address, useNick);
        }}
      >
        {fromLink && (
          <p role="status" className="rounded-lg bg-accent-soft px-3 py-2 text-xs text-fg">
            {t.linkOpened}
          </p>
        )}
        <Field
          label={t.hostAddress}
          placeholder={t.hostAddressPlaceholder}
          value={address}
          spellCheck={false}
          autoCapitalize="off"
          error={addressError ? t.err_bad_address : undefined}
          onChange={(e) => {
            setAddress(e.target.value);
            setFilledIn(false);
            setRoom('');
          }}
        />
        <Field
          label={t.joinCode}
          optional={t.optional}
          hint={t.joinCodeHint}
          placeholder={t.joinCodePlaceholder}
          value={code}
          spellCheck={false}
          autoCapitalize="characters"
          autoComplete="off"
          maxLength={64}
          className={`${inputClass} font-mono`}
          error={error && CODE_ERRORS.has(error.code) ? errorText(t, error) : undefined}
          onChange={(e) => setCode(e.target.value)}
        />
        {host.rooms ? (
          <RoomPicker
            key={`${address} ${host.rooms.defaultRoom}`}
            rooms={host.rooms}
            value={room}
            onChange={(name) => setRoom(name)}
          />
        ) : (
          room !== '' && <Field label={t.room} value={room} maxLength={64} onChange={(e) => setRoom(e.target.value)} />
        )}
        {showPassword && (
          <Field
            label={t.password}
            type="password"
            autoComplete="current-password"
            value={password}
            autoFocus
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
        {nickOverride !== null && (
          <Field
            label={t.nickname}
            value={nickOverride}
            maxLength={64}
            onChange={(e) => setNickOverride(e.target.value)}
          />
        )}
        {error && !CODE_ERRORS.has(error.code) && (
          <div role="alert" className="rounded-lg bg-danger-soft px-3 py-2.5 text-sm text-danger">
            <p>{errorText(t, error, error.code === 'nick_taken' ? nick : ROOM_ERRORS.has(error.code) ? room : '')}</p>
            {error.code === 'nick_taken' && nickOverride && (
              <Button size="sm" variant="secondary" className="mt-2" onClick={() => void join(address, nickOverride)}>
                {t.useNick(nickOverride)}
              </Button>
            )}
          </div>
        )}
        <Button
          type="submit"
          variant="primary"
          size="lg"
          icon="login"
          className="w-full"
          disabled={busy || !address.trim()}
        >
          {busy ? t.joining : t.join}
        </Button>
      </form>
      <RecentRooms
        rooms={recent}
        onPick={(recentRoom) => {
          const text = formatAddress(recentRoom.host, recentRoom.port);
          setAddress(text);
          setFilledIn(true);
          setRoom(recentRoom.room ?? '');
          void join(text, useNick, false, code, showPassword, recentRoom.room ?? '');
        }}
        onForget={onForget}
      />
      {changed && (
        <IdentityChangedDialog
          where={changed.addressText}
          oldCode={changed.error.details?.oldCode}
          newCode={changed.error.details?.newCode}
          onCancel={() => setChanged(null)}
          onTrust={() => {
            const { addressText, nick: again } = changed;
            setChanged(null);
            void join(addressText, again, true);
          }}
        />
      )}
    </div>
  );
}
