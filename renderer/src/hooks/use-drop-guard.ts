import { useEffect } from 'react';

/**
 * A file dropped anywhere that does not handle it must never navigate the window to the file
 * (mattermost/desktop#1020). Drop zones call preventDefault themselves; this catches everything else.
 */
export function useDocumentDropGuard(doc: Document = document): void {
  useEffect(() => {
    const block = (event: DragEvent) => event.preventDefault();
    doc.addEventListener('dragover', block);
    doc.addEventListener('drop', block);
    return () => {
      doc.removeEventListener('dragover', block);
      doc.removeEventListener('drop', block);
    };
  }, [doc]);
}
