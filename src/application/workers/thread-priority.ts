/**
 * A lower CPU priority for the threads a server runs its big work on (uncached comparisons, uploads), so that when
 * every core is busy the event loop, at normal priority, is scheduled first and keeps answering (issue 12: /api/health
 * p99 under 10 ms while an uncached large compare and an upload run). Linux keeps a nice value per thread, and
 * setpriority(2) takes a thread's id, which /proc/thread-self names; elsewhere this does nothing. Under the kernel's
 * fair scheduler a thread at nice 10 gets about a tenth of the CPU of one at nice 0 when both want the same core.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** The nice value of a server's background threads. */
export const BACKGROUND_NICE = 10;

/** The id of the calling thread (Linux), or undefined where it cannot be known. */
export function currentThreadId(): number | undefined {
  try {
    const id = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(id) && id > 0 ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Lowers the calling thread's priority to `nice` (never the whole process); answers whether it could. */
export function lowerThreadPriority(nice = BACKGROUND_NICE): boolean {
  const id = currentThreadId();
  if (id === undefined) return false;
  try {
    setPriority(id, nice);
    return true;
  } catch {
    return false;
  }
}
