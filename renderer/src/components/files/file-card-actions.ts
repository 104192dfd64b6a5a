/** What a file card's buttons do (the room screen provides them; the same actions as the consent dialog's). */
import { createContext, useContext } from 'react';
import type { OfferAnswer } from '@contract/ipc-contract';

export interface FileCardActions {
  answer: (answer: OfferAnswer) => void;
  cancel: (transferId: string) => void;
  showInFolder: (transferId: string) => void;
}

export const FileCardActionsContext = createContext<FileCardActions | null>(null);

export function useFileCardActions(): FileCardActions | null {
  return useContext(FileCardActionsContext);
}
