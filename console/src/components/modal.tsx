import { Modal as AntModal, type ModalProps } from 'antd';
import { useEffect, useState } from 'react';

/**
 * Gives the focus back to what had it when this component mounted (the button that opened a dialog), once it unmounts
 * and the focus was left on nothing. Ant Design returns the focus itself only after a dialog's closing animation; a
 * dialog that is rendered conditionally (`{open && <Dialog/>}`) is removed before that and left the focus on the page.
 */
export function useReturnFocus(): void {
  const [trigger] = useState(() => (typeof document === 'undefined' ? null : (document.activeElement as HTMLElement | null)));
  useEffect(
    () => () => {
      setTimeout(() => {
        const now = document.activeElement;
        if (trigger?.isConnected && trigger !== document.body && (!now || now === document.body)) trigger.focus({ preventScroll: true });
      });
    },
    [trigger],
  );
}

/** Ant Design's Modal that gives the focus back to its opener when it is removed (see `useReturnFocus`); Esc closes it. */
export function Modal(props: ModalProps) {
  useReturnFocus();
  return <AntModal {...props} />;
}
