/**
 * Uploading an edition: a multipart form posted to /api/series/:series/editions, the result or the problem+json
 * error shown as one line. When the server refuses with 401 (the write needs a token, or the token sent was wrong), a
 * token field appears; the token goes out as a Bearer header and is kept for this browser tab only (sessionStorage).
 * A 403 (a refusal no token can lift: writes disabled, another site, a foreign host name) is only shown as an error.
 * A 409 E_DUPLICATE (the series holds these bytes already, under another label) names that edition and offers to add
 * the file all the same (`allowDuplicate`), as a text that went back to an earlier wording is an edition of its own.
 */
import { useState } from 'preact/hooks';
import { ApiError, api } from '../api.js';
import type { UploadResult } from '../api-types.js';
import { ErrorMessage } from '../components.js';
import { useLocation } from '../router.js';
import { paths } from '../routes.js';

const TOKEN_KEY = 'palimpsest.token';

/** The token kept for this tab, if any. */
function savedToken(): string {
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

/** The upload page (`/upload?series=…`). */
export function UploadPage() {
  const location = useLocation();
  const [token, setToken] = useState(savedToken);
  const [needsToken, setNeedsToken] = useState(savedToken() !== '');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ series: string; value: UploadResult; previous?: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  // The last upload refused as a duplicate: sent again, with allowDuplicate, when the reader chooses to keep it.
  const [refused, setRefused] = useState<{ series: string; data: FormData } | null>(null);

  const submit = (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const series = String(data.get('series') ?? '').trim();
    data.delete('series');
    data.delete('token');
    for (const flag of ['replace', 'allowDuplicate']) if (data.get(flag) !== 'true') data.delete(flag);
    for (const name of ['date', 'lang']) if (String(data.get(name) ?? '') === '') data.delete(name);
    void send(series, data);
  };

  const allowDuplicate = () => {
    if (!refused) return;
    const data = new FormData();
    for (const [name, value] of refused.data) data.append(name, value);
    data.set('allowDuplicate', 'true');
    void send(refused.series, data);
  };

  const send = async (series: string, data: FormData) => {
    setBusy(true);
    setRefused(null);
    setError(null);
    setResult(null);
    try {
      const value = await api.upload(series, data, token || undefined);
      let previous: string | undefined;
      try {
        const detail = await api.series(series);
        const index = detail.editions.findIndex((e) => e.label === value.edition.label);
        previous = index > 0 ? detail.editions[index - 1]?.label : undefined;
      } catch {
        previous = undefined;
      }
      setResult(previous === undefined ? { series, value } : { series, value, previous });
      if (token) {
        try {
          sessionStorage.setItem(TOKEN_KEY, token);
        } catch {
          // Private mode: the token is simply not kept.
        }
      }
    } catch (failure) {
      // Only 401 asks for a token: a 403 would refuse the same write with any token.
      if (failure instanceof ApiError && failure.status === 401) setNeedsToken(true);
      if (failure instanceof ApiError && failure.code === 'E_DUPLICATE') setRefused({ series, data });
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="upload-page">
      <h1>Add an edition</h1>
      <form class="upload-form" onSubmit={submit} encType="multipart/form-data">
        <label>
          Series <input name="series" required defaultValue={location.search.get('series') ?? ''} maxLength={200} />
        </label>
        <label>
          Edition label <input name="label" required placeholder="2024" maxLength={200} />
        </label>
        <label>
          Date <input name="date" placeholder="YYYY, YYYY-MM or YYYY-MM-DD" pattern="\d{4}(-\d{2}(-\d{2})?)?" />
        </label>
        <label>
          Language <input name="lang" placeholder="en, ja…" list="languages" maxLength={35} />
          <datalist id="languages">
            <option value="en" />
            <option value="ja" />
            <option value="de" />
            <option value="fr" />
          </datalist>
        </label>
        <label>
          File <input name="file" type="file" required />
        </label>
        <label class="inline">
          <input name="replace" type="checkbox" value="true" /> replace an edition with the same label
        </label>
        <label class="inline">
          <input name="allowDuplicate" type="checkbox" value="true" /> add it even if the series already holds the same
          file under another label
        </label>
        {needsToken && (
          <label>
            Token{' '}
            <input
              name="token"
              type="password"
              autoComplete="off"
              value={token}
              onInput={(e) => setToken((e.currentTarget as HTMLInputElement).value)}
              placeholder="the server's write token"
            />
          </label>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Uploading…' : 'Upload'}
        </button>
      </form>
      {error instanceof ApiError && error.code === 'E_DUPLICATE' ? (
        <Duplicate error={error} refused={refused} busy={busy} onAllow={allowDuplicate} />
      ) : (
        error !== null && <ErrorMessage error={error} />
      )}
      {error instanceof ApiError && error.status === 401 && (
        <p class="hint">This server needs a token for writes: enter it above and upload again.</p>
      )}
      {result && (
        <div class="upload-result" role="status">
          <p>
            Edition <strong>{result.value.edition.label}</strong> {result.value.status} in series{' '}
            <a href={paths.series(result.series)}>{result.series}</a> ({result.value.edition.format}
            {result.value.edition.encoding ? `, ${result.value.edition.encoding}` : ''},{' '}
            {result.value.edition.size.toLocaleString('en')} bytes); {result.value.aligned} step
            {result.value.aligned === 1 ? '' : 's'} aligned.
          </p>
          <p class="series-links">
            {result.previous !== undefined && (
              <a href={paths.compare(result.series, result.previous, result.value.edition.label)}>
                compare with {result.previous}
              </a>
            )}
            <a href={paths.blame(result.series, result.value.edition.label)}>blame {result.value.edition.label}</a>
          </p>
        </div>
      )}
    </section>
  );
}

/**
 * An upload refused as a duplicate, in words: which edition of the series holds the same file, that nothing was
 * stored, and a button that adds it all the same under the label given.
 */
function Duplicate(props: {
  error: ApiError;
  refused: { series: string; data: FormData } | null;
  busy: boolean;
  onAllow: () => void;
}) {
  const { error, refused } = props;
  const label = refused ? String(refused.data.get('label') ?? '') : '';
  const twin = error.duplicateOf;
  return (
    <div class="error duplicate" role="alert">
      <p>
        {twin !== undefined && refused ? (
          <>
            Series <a href={paths.series(refused.series)}>{refused.series}</a> already holds this file, as edition{' '}
            <a class="duplicate-of" href={paths.blame(refused.series, twin)}>
              {twin}
            </a>
            . Nothing was stored.
          </>
        ) : (
          <>The series already holds this file under another label. Nothing was stored.</>
        )}
      </p>
      <p class="hint">
        A text that went back to an earlier wording can be an edition of its own.{' '}
        {refused && (
          <button type="button" class="allow-duplicate" disabled={props.busy} onClick={props.onAllow}>
            Add it as “{label}” all the same
          </button>
        )}
      </p>
      <p class="detail">{error.code}</p>
    </div>
  );
}
