/**
 * Why a transfer failed or stopped, in the UI's language: from its reason code when it has one (main's English
 * `message` only for a code this page does not know, or none).
 */
import type { TransferFailReason, TransferInfo } from '@contract/ipc-contract';
import type { Dictionary } from '../../i18n/en';
import { displayText } from '../../lib/display-text';

type Untranslated = Exclude<`tr_${TransferFailReason}`, keyof Dictionary>;
const everyReasonTranslated: [Untranslated] extends [never] ? true : Untranslated = true;
void everyReasonTranslated;

export function transferReasonText(t: Dictionary, transfer: Pick<TransferInfo, 'reason' | 'message'>): string {
  const key = `tr_${transfer.reason ?? ''}`;
  if (transfer.reason && Object.hasOwn(t, key)) return t[key as `tr_${TransferFailReason}`];
  return displayText(transfer.message ?? '');
}
