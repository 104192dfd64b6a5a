import { useAppState, useStore } from '../app/app-context';
import type { RoomActions } from '../app/room-actions';
import { DmRequestDialog } from '../components/consent/DmRequestDialog';
import { OfferDialog } from '../components/consent/OfferDialog';
import { selectDmRequests } from '../store/selectors';

/** Consent requests, one at a time: 1:1 requests first, then file offers (not those put away with Later). */
export function RoomDialogs({ actions }: { actions: RoomActions }) {
  const store = useStore();
  const request = useAppState((s) => selectDmRequests(s)[0]);
  const offer = useAppState((s) => s.offers.find((o) => !o.later));
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
        onAnswer={(answer) => void actions.answerOffer(answer)}
        onLater={() => store.dispatchNow({ type: 'offer-later', offerId: offer.offerId })}
      />
    );
  }
  return null;
}
