/** The room's side column: the people list (with my hosted room's details, or with transfers below), or search. */
import { Suspense } from 'react';
import type { HostState, RoomKey, UserInfo } from '@contract/ipc-contract';
import { SearchPart, TransfersPart } from '../app/parts';
import { HostInfo } from '../components/home/HostInfo';
import type { UserActionsHandlers } from '../components/people/UserRow';
import { UserList } from '../components/people/UserList';
import type { TransferHandlers } from '../components/transfers/TransferItem';
import { useT } from '../i18n/i18n';
import type { Panel, TransferView } from '../store/model';

export function RoomSide(props: {
  panel: Panel;
  host: HostState;
  users: readonly UserInfo[];
  self: string;
  canDm: boolean;
  handlers: UserActionsHandlers;
  transfers: TransferView[];
  transferHandlers: TransferHandlers;
  roomKey: RoomKey | undefined;
  historyOff: boolean;
  searchFocus: number;
  onReveal: (historyId: number) => Promise<boolean>;
  onStopHosting: () => void;
  onClearFinished: () => void;
  /** The transfers or search panel's close button. */
  onClosePanel: () => void;
}) {
  const t = useT();
  const { panel } = props;
  const transfersOpen = panel === 'transfers';
  return (
    <aside
      className="flex w-full flex-col border-l border-line bg-sidebar"
      aria-label={panel === 'search' ? t.search : t.members}
    >
      {props.host.running && panel !== 'search' && !transfersOpen && (
        <div className="border-b border-line p-4">
          <HostInfo host={props.host} compact userCount={props.users.length} onStop={props.onStopHosting} />
        </div>
      )}
      {panel === 'search' ? (
        <Suspense fallback={null}>
          <SearchPart.Component
            roomKey={props.roomKey}
            historyOff={props.historyOff}
            onReveal={props.onReveal}
            onClose={props.onClosePanel}
            focusSeq={props.searchFocus}
          />
        </Suspense>
      ) : (
        <>
          {/* Transfers open beside the people, not instead of them: the list keeps the upper part. */}
          <div className={transfersOpen ? 'flex max-h-[45%] min-h-[96px] flex-col border-b border-line' : 'contents'}>
            <UserList users={props.users} self={props.self} canDm={props.canDm} handlers={props.handlers} />
          </div>
          {transfersOpen && (
            <Suspense fallback={null}>
              <TransfersPart.Component
                transfers={props.transfers}
                handlers={props.transferHandlers}
                onClearFinished={props.onClearFinished}
                onClose={props.onClosePanel}
              />
            </Suspense>
          )}
        </>
      )}
    </aside>
  );
}
