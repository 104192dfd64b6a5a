/**
 * A side column of the room (the 1:1 pane, the people list): beside the conversation in a wide window, over it in a
 * narrow one. As an overlay it opens from the right edge, takes focus, and Escape or a click beside it closes it
 * (focus goes back to what opened it); closed, it stays mounted but hidden, so drafts and scroll positions survive.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { focusableIn } from '../ui/focus-trap';

export function SidePane({
  id,
  narrow,
  open,
  width,
  onClose,
  children,
}: {
  id: string;
  narrow: boolean;
  /** Only read in a narrow window. */
  open: boolean;
  /** Its width beside the conversation (a Tailwind width class). */
  width: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const pane = useRef<HTMLDivElement>(null);
  const overlay = narrow && open;

  useEffect(() => {
    if (!overlay) return;
    const previous = document.activeElement as HTMLElement | null;
    const root = pane.current;
    if (root && !root.contains(document.activeElement)) {
      const target = root.querySelector<HTMLElement>('textarea:not([disabled])') ?? focusableIn(root)[0] ?? root;
      target.focus();
    }
    return () => {
      const active = document.activeElement;
      const lost = !active || active === document.body || pane.current?.contains(active) === true;
      if (lost && previous && document.contains(previous)) previous.focus();
    };
  }, [overlay]);

  if (!narrow)
    return (
      <div id={id} className={`flex min-h-0 shrink-0 ${width}`}>
        {children}
      </div>
    );
  return (
    <>
      {open && (
        <div className="absolute inset-0 z-20 bg-[#1a120c]/25 dark:bg-black/45" aria-hidden="true" onClick={onClose} />
      )}
      <div
        id={id}
        ref={pane}
        hidden={!open}
        tabIndex={-1}
        onKeyDown={(event) => {
          if (event.key !== 'Escape' || event.defaultPrevented) return;
          event.stopPropagation();
          onClose();
        }}
        className="absolute inset-y-0 right-0 z-30 flex w-[min(480px,calc(100%-2.5rem))] shadow-card outline-none"
      >
        {children}
      </div>
    </>
  );
}
