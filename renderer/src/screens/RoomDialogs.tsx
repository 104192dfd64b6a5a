import { useState } from 'react';
import { useAppState, useStore } from '../app/app-context';
import type { RoomActions } from '../app/room-actions';
import { DmRequestDialog } from '../components/consent/DmRequestDialog';
import { OfferDialog } from '../components/consent/OfferDialog';
import { PendingConsent, type PendingRequest } from '../components/consent/PendingConsent';
import { useT } from '../i18n/i18n';
import { displayName } from '../lib/display-text';
import { selectDmRequests } from '../store/selectors';

/** 1:1 requests put off with "Later" (keys `dm:<from>`); file offers keep their own `later` mark in the store. */
export function useLater() {
  const [later, setLater] = useState<ReadonlySet<string>>(() => new Set());
  const change = (key: string, deferred: boolean) =>
    setLater((before) => {
      const next = new Set(before);
      if (deferred) next.add(key);
      else next.delete(key);
      return next;
    });
  return { later, defer: (key: string) => change(key, true), reopen: (key: string) => change(key, false) };
}
export type Later = ReturnType<typeof useLater>;

/** The strip of requests put off for later (under the room header): a click opens one again. */
export function LaterBanner({ later }: { later: Later }) {
  const t = useT();
  const store = useStore();
  const requests = useAppState(selectDmRequests);
  const offers = useAppState((s) => s.offers);
  const items: PendingRequest[] = [
    ...requests
      .filter((q) => later.later.has(`dm:${q.from}`))
      .map((q) => ({ key: `dm:${q.from}`, text: t.pendingDm(displayName(q.from, 24)), expiresAt: q.expiresAt })),
    ...offers
      .filter((o) => o.later)
      .map((o) => ({
        key: `offer:${o.offerId}`,
        text: t.pendingOffer(displayName(o.from, 24), o.files.length),
        expiresAt: o.expiresAt,
      })),
  ];
  const reopen = (key: string) => {
    if (key.startsWith('offer:'))
      store.dispatchNow({ type: 'offer-later', offerId: key.slice('offer:'.length), later: false });
    else later.reopen(key);
  };
  return <PendingConsent items={items} onOpen={reopen} />;
}

/**
 * Consent requests, one at a time: 1:1 requests first, then file offers. "Later" (or Escape) puts one off without
 * an answer: it waits in the LaterBanner (an offer also on its card) until answered or expired, and the next shows.
 */
export function RoomDialogs({ actions, later }: { actions: RoomActions; later: Later }) {
  const store = useStore();
  const request = useAppState((s) => selectDmRequests(s).find((q) => !later.later.has(`dm:${q.from}`)));
  const offer = useAppState((s) => s.offers.find((o) => !o.later));
  if (request)
    return (
      <DmRequestDialog
        key={request.from}
        request={request}
        onAnswer={(accept) => void actions.answerDm(request.from, accept)}
        onLater={() => later.defer(`dm:${request.from}`)}
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
