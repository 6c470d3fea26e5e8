/**
 * Loading data for a page: runs `load` when its inputs change, aborts the previous request, and exposes
 * loading / error / done states so each page renders all three.
 */
import { useLayoutEffect, useState } from 'preact/hooks';

/** The state of one load. */
export type Resource<T> = { status: 'loading' } | { status: 'error'; error: unknown } | { status: 'done'; value: T };

/** Loads a value with `load(signal)` whenever `inputs` change. */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, inputs: readonly unknown[]): Resource<T> {
  const [state, setState] = useState<Resource<T>>({ status: 'loading' });
  // A layout effect, not an effect: the request starts before the first paint instead of a frame after it.
  useLayoutEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    load(controller.signal).then(
      (value) => {
        if (!controller.signal.aborted) setState({ status: 'done', value });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ status: 'error', error });
      },
    );
    return () => controller.abort();
  }, inputs);
  return state;
}
