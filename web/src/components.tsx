/** Small pieces shared by the pages: loading and error messages, snippets with marked matches. */
import { describeError } from './api.js';
import type { SnippetPart } from './api-types.js';

/** A loading message. */
export function Loading(props: { what: string }) {
  return (
    <p class="loading" role="status">
      Loading {props.what}…
    </p>
  );
}

/** An error as one readable line (the stable code first), never a stack trace. */
export function ErrorMessage(props: { error: unknown }) {
  return (
    <p class="error" role="alert">
      {describeError(props.error)}
    </p>
  );
}

/**
 * Props that make a non-button element act as one: focusable, announced as a button, and activated by a click or by
 * Enter and Space (for the units and sentences a reader selects in the compare and blame views).
 */
export function activation(handler: () => void) {
  return {
    role: 'button' as const,
    tabIndex: 0,
    onClick: handler,
    onKeyDown: (event: KeyboardEvent) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        handler();
      }
    },
  };
}

/**
 * A search snippet from the parts the server flags as matches, matches as `<mark>` elements (text nodes only, never
 * parsed as HTML). Parts, not the `[[…]]` markers of `snippet`: document text may itself contain `[[`.
 */
export function Snippet(props: { parts: readonly SnippetPart[] }) {
  return (
    <span class="snippet">
      {props.parts.map((part, i) => (part.match ? <mark key={i}>{part.text}</mark> : part.text))}
    </span>
  );
}
