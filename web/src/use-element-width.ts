/** The width of an element as a hook, for layouts that estimate sizes from it. */
import { useLayoutEffect, useState } from 'preact/hooks';

/** Width steps (pixels) below which a resize is ignored: re-estimating every row on each pixel is wasted work. */
const WIDTH_STEP = 16;

/**
 * The width of `element`, kept current with a ResizeObserver and rounded to WIDTH_STEP; `fallback` until the element
 * is laid out.
 */
export function useElementWidth(element: { current: HTMLElement | null }, fallback: number): number {
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const target = element.current;
    if (!target) return;
    const update = (measured: number) => {
      if (measured > 0) setWidth(Math.round(measured / WIDTH_STEP) * WIDTH_STEP);
    };
    update(target.clientWidth);
    const observer = new ResizeObserver((entries) => {
      for (const entry of entries) update(entry.contentRect.width);
    });
    observer.observe(target);
    return () => observer.disconnect();
  }, [element]);
  return width;
}
