/**
 * Loading data that changes while a reader watches (queued jobs, issue 16): like `useResource`, but loads again every
 * `intervalMilliseconds` for as long as `pending(value)` says the work it shows is not finished, and stops when it is
 * (no request runs once every job shown is final). A refresh keeps the shown value until the new one arrives.
 */
import { useLayoutEffect, useState } from 'preact/hooks';
import type { Resource } from './use-resource.js';

/** Loads `load(signal)` when `inputs` change, then again every interval while `pending` answers true. */
export function usePolledResource<T>(
  load: (signal: AbortSignal) => Promise<T>,
  inputs: readonly unknown[],
  pending: (value: T) => boolean,
  intervalMilliseconds = 2000,
): Resource<T> {
  const [state, setState] = useState<Resource<T>>({ status: 'loading' });
  useLayoutEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState({ status: 'loading' });
    const tick = () => {
      load(controller.signal).then(
        (value) => {
          if (controller.signal.aborted) return;
          setState({ status: 'done', value });
          if (pending(value)) timer = setTimeout(tick, intervalMilliseconds);
        },
        (error: unknown) => {
          if (!controller.signal.aborted) setState({ status: 'error', error });
        },
      );
    };
    tick();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, inputs);
  return state;
}
