/**
 * The join form's room choice on a many-room host: its rooms as radio buttons (name, password badge, people and
 * capacity; the default room marked and chosen first), and a name of my own when the host creates rooms on first join
 * (or lists only some of its rooms). `value` is the room chosen; '' means the host's default room. Room names come
 * from the network: text only.
 */
import { useId, useState } from 'react';
import type { HostRoom, HostRooms } from '@contract/ipc-contract';
import { useT } from '../../i18n/i18n';
import { sameRoom } from '../../lib/room-name';
import { inputClass } from '../ui/Field';
import { HostRoomLine } from './HostRoomLine';

/** The listed room `value` names ('' is the default room), if any. */
export function chosenRoom(rooms: HostRooms, value: string): HostRoom | undefined {
  const name = value === '' ? rooms.defaultRoom : value;
  return rooms.rooms.find((room) => sameRoom(room.name, name));
}

export function RoomPicker({
  rooms,
  value,
  onChange,
}: {
  rooms: HostRooms;
  value: string;
  onChange: (room: string) => void;
}) {
  const t = useT();
  const group = useId();
  const listed = chosenRoom(rooms, value);
  const [otherChosen, setOtherChosen] = useState(() => value !== '' && !listed);
  const [other, setOther] = useState(() => (listed ? '' : value));
  const canNameOne = rooms.allowNew || rooms.count > rooms.rooms.length;
  const otherLabel = rooms.allowNew ? t.roomNew : t.roomOther;
  const pick = (name: string): void => {
    setOtherChosen(false);
    onChange(sameRoom(name, rooms.defaultRoom) ? '' : name);
  };
  const chooseOther = (text: string): void => {
    setOtherChosen(true);
    setOther(text);
    onChange(text.trim());
  };
  return (
    <fieldset className="flex min-w-0 flex-col gap-1.5">
      <legend className="mb-1.5 flex w-full items-baseline gap-2 text-[13px] font-medium text-fg">
        {t.room}
        <span className="ml-auto text-xs font-normal text-faint">{t.roomCount(rooms.count)}</span>
      </legend>
      <div className="rounded-lg border border-line bg-raised">
        <ul className="scrollbar-thin max-h-40 overflow-y-auto p-1">
          {rooms.rooms.map((room) => {
            const checked = !otherChosen && listed !== undefined && sameRoom(room.name, listed.name);
            return (
              <li key={room.name}>
                <label
                  className={`flex min-w-0 cursor-pointer items-center gap-2.5 rounded-md px-2 py-1.5 text-sm ${
                    checked ? 'bg-accent-soft' : 'hover:bg-hover'
                  }`}
                >
                  <input
                    type="radio"
                    name={group}
                    className="size-4 shrink-0 accent-accent"
                    checked={checked}
                    onChange={() => pick(room.name)}
                  />
                  <HostRoomLine room={room} isDefault={sameRoom(room.name, rooms.defaultRoom)} />
                </label>
              </li>
            );
          })}
        </ul>
        {canNameOne && (
          // Outside the scrolling list: always in view, its focus ring never clipped.
          <div className="border-t border-line p-1">
            <div
              className={`flex min-w-0 items-center gap-2.5 rounded-md px-2 py-1 text-sm ${
                otherChosen ? 'bg-accent-soft' : 'hover:bg-hover'
              }`}
            >
              <label className="flex shrink-0 cursor-pointer items-center gap-2.5">
                <input
                  type="radio"
                  name={group}
                  className="size-4 shrink-0 accent-accent"
                  checked={otherChosen}
                  onChange={() => chooseOther(other)}
                />
                <span className="text-fg">{otherLabel}</span>
              </label>
              <input
                aria-label={t.roomNameOf(otherLabel)}
                className={`${inputClass} h-8 min-w-0 flex-1`}
                placeholder={t.roomNamePlaceholder}
                value={other}
                maxLength={64}
                spellCheck={false}
                autoCapitalize="off"
                autoComplete="off"
                onFocus={() => chooseOther(other)}
                onChange={(e) => chooseOther(e.target.value)}
              />
            </div>
          </div>
        )}
      </div>
      {otherChosen && <p className="text-xs text-faint">{rooms.allowNew ? t.roomNewHint : t.roomOtherHint}</p>}
    </fieldset>
  );
}
