/** The compare view's keys: j/n and k/p to the next and previous change, g and G to the first and last. */
import { useEffect } from 'preact/hooks';

/** Whether a key press goes into a text field or a list box (where j/k/n/p/g are typed, not navigation). */
function typesText(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  if (target.tagName !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color'].includes(type);
}

/** Listens for the navigation keys on the window while the view is mounted; `stops` are the changes' list positions. */
export function useKeyboardNavigation(
  step: (direction: 1 | -1) => void,
  goToStop: (position: number | undefined) => void,
  stops: readonly number[],
): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      if (typesText(event.target)) return;
      if (event.key === 'j' || event.key === 'n') {
        event.preventDefault();
        step(1);
      } else if (event.key === 'k' || event.key === 'p') {
        event.preventDefault();
        step(-1);
      } else if (event.key === 'g' || event.key === 'G') {
        // As in less and vi: g to the first change, G (shift) to the last.
        event.preventDefault();
        goToStop(event.key === 'g' ? stops[0] : stops[stops.length - 1]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [step, goToStop, stops]);
}
