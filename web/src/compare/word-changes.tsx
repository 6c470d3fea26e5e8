/**
 * One side of a word diff as text with `<del>` (old side) or `<ins>` (new side) around the changed words. Document
 * text is untrusted: it only ever becomes text nodes (Preact escapes it), never markup.
 */
import type { AlignedPair, WordChange } from '../api-types.js';

/** The old side (equal and deleted text) or the new side (equal and inserted text) of a pair's word changes. */
export function WordChanges(props: { pair: AlignedPair; side: 'old' | 'new' }) {
  const { pair, side } = props;
  const unit = pair[side];
  if (!unit) return null;
  if (pair.changes.length === 0) {
    if (pair.relation === 'inserted') return <ins class="whole">{unit.text}</ins>;
    if (pair.relation === 'deleted') return <del class="whole">{unit.text}</del>;
    return <>{unit.text}</>;
  }
  return <>{pair.changes.map((change, i) => piece(change, side, i))}</>;
}

/** One change rendered for one side, or nothing when it belongs to the other side. */
function piece(change: WordChange, side: 'old' | 'new', key: number) {
  if (change.op === 'equal') return side === 'new' && change.newText !== undefined ? change.newText : change.text;
  if (change.op === 'delete') {
    return side === 'old' ? (
      <del key={key} class={`sig-${change.significance}`}>
        {change.text}
      </del>
    ) : null;
  }
  return side === 'new' ? (
    <ins key={key} class={`sig-${change.significance}`}>
      {change.text}
    </ins>
  ) : null;
}
