import { useApi, useAppState, useStore } from '../app/app-context';
import type { RoomActions } from '../app/room-actions';
import { DmRequestDialog } from '../components/consent/DmRequestDialog';
import { OfferDialog } from '../components/consent/OfferDialog';
import { selectDmRequests } from '../store/selectors';

/** Consent requests, one at a time: 1:1 requests first, then file offers. */
export function RoomDialogs({ actions }: { actions: RoomActions }) {
  const api = useApi();
  const store = useStore();
  const request = useAppState((s) => selectDmRequests(s)[0]);
  const offer = useAppState((s) => s.offers[0]);
  if (request)
    return (
      <DmRequestDialog
        key={request.from}
        request={request}
        onAnswer={(accept) => void actions.answerDm(request.from, accept)}
      />
    );
  if (offer) {
    return (
      <OfferDialog
        key={offer.offerId}
        offer={offer}
        onAnswer={async (answer) => {
          const reply = await api.invoke('files.answer', answer);
          // A closed "Save to…" folder dialog leaves the offer open, so the user can still answer it.
          if (!reply.ok && reply.error.code === 'cancelled') return;
          store.dispatchNow({ type: 'offer-closed', offerId: answer.offerId });
          if (!reply.ok) actions.showError(reply.error);
        }}
      />
    );
  }
  return null;
}
