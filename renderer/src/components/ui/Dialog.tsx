import { useEffect, useId, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { focusableIn, trapTab } from './focus-trap';

export interface DialogProps {
  title: ReactNode;
  description?: ReactNode;
  /** Escape and the backdrop call this; omit for dialogs that need an explicit answer. */
  onClose?: () => void;
  children?: ReactNode;
  footer?: ReactNode;
  width?: 'sm' | 'md' | 'lg';
  /** role="alertdialog" for confirmations and consent requests. */
  alert?: boolean;
  icon?: ReactNode;
}

const WIDTHS = { sm: 'max-w-sm', md: 'max-w-md', lg: 'max-w-xl' };

/** A modal dialog: focus moves in and is trapped, Escape closes, focus returns where it was. */
export function Dialog({
  title,
  description,
  onClose,
  children,
  footer,
  width = 'md',
  alert = false,
  icon,
}: DialogProps) {
  const titleId = useId();
  const descId = useId();
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const root = panel.current;
    if (root) {
      const preferred = root.querySelector<HTMLElement>('[data-autofocus]') ?? focusableIn(root)[0] ?? root;
      preferred.focus();
    }
    return () => {
      if (previous && document.contains(previous)) previous.focus();
    };
  }, []);

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Escape' && onClose) {
      event.stopPropagation();
      onClose();
      return;
    }
    if (panel.current) trapTab(event, panel.current);
  };

  return createPortal(
    <div className="fixed inset-0 z-50 flex items-center justify-center p-4" onKeyDown={onKeyDown}>
      <div
        className="absolute inset-0 bg-[#1a120c]/40 backdrop-blur-[2px] dark:bg-black/60"
        aria-hidden="true"
        onClick={onClose}
      />
      <div
        ref={panel}
        role={alert ? 'alertdialog' : 'dialog'}
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={description ? descId : undefined}
        tabIndex={-1}
        className={`relative w-full ${WIDTHS[width]} max-h-[90vh] overflow-y-auto scrollbar-thin rounded-2xl border border-line bg-panel p-6 shadow-card outline-none`}
      >
        <div className="flex items-start gap-3">
          {icon && <div className="mt-0.5 shrink-0">{icon}</div>}
          <div className="min-w-0 flex-1">
            <h2 id={titleId} className="text-[17px] font-semibold tracking-tight text-fg">
              {title}
            </h2>
            {description && (
              <p id={descId} className="mt-1.5 text-sm text-muted">
                {description}
              </p>
            )}
          </div>
        </div>
        {children && <div className="mt-4">{children}</div>}
        {footer && <div className="mt-6 flex flex-wrap items-center justify-end gap-2">{footer}</div>}
      </div>
    </div>,
    document.body,
  );
}
