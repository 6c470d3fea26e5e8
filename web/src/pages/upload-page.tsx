/**
 * Uploading an edition: a multipart form posted to /api/series/:series/editions, the result or the problem+json
 * error shown as one line. When the server refuses with 401 (the write needs a token, or the token sent was wrong), a
 * token field appears; the token goes out as a Bearer header and is kept for this browser tab only (sessionStorage).
 * A 403 (a refusal no token can lift: writes disabled, another site, a foreign host name) is only shown as an error.
 * A 409 E_DUPLICATE (the series holds these bytes already, under another label) names that edition and offers to add
 * the file all the same (`allowDuplicate`), as a text that went back to an earlier wording is an edition of its own.
 * A server on a store with a job queue (PostgreSQL, issue 16) answers 202 with the import job: the page then follows
 * the job (every second) until it is done — and links to the edition as for a stored upload — or failed, when it
 * shows the job's coded error.
 */
import { useState } from 'preact/hooks';
import { ApiError, api } from '../api.js';
import type { EditionRecord, JobRecord, UploadResult } from '../api-types.js';
import { ErrorMessage, Loading } from '../components.js';
import { jobPending } from '../readiness.js';
import { useLocation } from '../router.js';
import { paths } from '../routes.js';
import { usePolledResource } from '../use-polling.js';
import { useResource } from '../use-resource.js';
import { JobState } from './jobs-page.js';

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
  // An upload a worker imports: the job the page follows.
  const [queued, setQueued] = useState<{ series: string; job: JobRecord } | null>(null);
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
    setQueued(null);
    try {
      const outcome = await api.upload(series, data, token || undefined);
      if (token) {
        try {
          sessionStorage.setItem(TOKEN_KEY, token);
        } catch {
          // Private mode: the token is simply not kept.
        }
      }
      if (outcome.kind === 'queued') {
        setQueued({ series, job: outcome.value.job });
        return;
      }
      const { value } = outcome;
      const previous = await previousLabel(series, value.edition.label);
      setResult(previous === undefined ? { series, value } : { series, value, previous });
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
        <UploadSummary
          series={result.series}
          edition={result.value.edition}
          status={result.value.status}
          aligned={result.value.aligned}
          {...(result.previous === undefined ? {} : { previous: result.previous })}
        />
      )}
      {queued && <QueuedUpload key={queued.job.id} series={queued.series} job={queued.job} />}
    </section>
  );
}

/** The label of the edition before `label` in the series, if any (for the "compare with" link). */
async function previousLabel(series: string, label: string): Promise<string | undefined> {
  try {
    const detail = await api.series(series);
    const index = detail.editions.findIndex((e) => e.label === label);
    return index > 0 ? detail.editions[index - 1]?.label : undefined;
  } catch {
    return undefined;
  }
}

/** A stored edition in words, with links to compare it with the one before and to blame it. */
function UploadSummary(props: {
  series: string;
  edition: EditionRecord;
  status: string;
  aligned?: number;
  previous?: string;
}) {
  const { series, edition, previous, aligned } = props;
  return (
    <div class="upload-result" role="status">
      <p>
        Edition <strong>{edition.label}</strong> {props.status} in series <a href={paths.series(series)}>{series}</a> (
        {edition.format}
        {edition.encoding ? `, ${edition.encoding}` : ''}, {edition.size.toLocaleString('en')} bytes)
        {aligned === undefined ? '.' : `; ${aligned} step${aligned === 1 ? '' : 's'} aligned.`}
      </p>
      <p class="series-links">
        {previous !== undefined && <a href={paths.compare(series, previous, edition.label)}>compare with {previous}</a>}
        <a href={paths.blame(series, edition.label)}>blame {edition.label}</a>
      </p>
    </div>
  );
}

/**
 * An upload a worker imports: its job followed every second until final. Done, the edition as stored (read from
 * the series); failed, the job's coded error (nothing was stored).
 */
function QueuedUpload(props: { series: string; job: JobRecord }) {
  const followed = usePolledResource((signal) => api.job(props.job.id, signal), [props.job.id], jobPending, 1000);
  const job = followed.status === 'done' ? followed.value : props.job;
  if (followed.status === 'error') return <ErrorMessage error={followed.error} />;
  if (job.state === 'done') return <QueuedDone series={props.series} job={job} />;
  const label = job.label ?? '';
  if (job.state === 'failed' || job.state === 'cancelled') {
    return (
      <div class="error job-failed" role="alert">
        <p>
          Edition <strong>{label}</strong> was not stored in series {props.series}: the import job {job.state}
          {job.error ? (
            <>
              {' '}
              with <code class="job-error-code">{job.error.code}</code>: {job.error.message}
            </>
          ) : (
            '.'
          )}
        </p>
      </div>
    );
  }
  return (
    <div class="upload-result upload-queued" role="status">
      <p>
        Edition <strong>{label}</strong> of series {props.series} is queued: <JobState state={job.state} />{' '}
        {job.state === 'waiting' ? 'waiting for a worker' : 'importing'}
        {job.retries > 0 ? ` (try ${job.retries + 1})` : ''}… <a href={paths.jobs()}>all jobs</a>
      </p>
    </div>
  );
}

/** A queued upload whose job is done: the edition as the series now holds it. */
function QueuedDone(props: { series: string; job: JobRecord }) {
  const label = props.job.label ?? '';
  const detail = useResource(
    async (signal) => {
      const shown = await api.series(props.series, signal);
      const index = shown.editions.findIndex((e) => e.label === label);
      return { edition: shown.editions[index], previous: index > 0 ? shown.editions[index - 1]?.label : undefined };
    },
    [props.series, label],
  );
  if (detail.status === 'loading') return <Loading what="the stored edition" />;
  if (detail.status === 'error') return <ErrorMessage error={detail.error} />;
  const { edition, previous } = detail.value;
  if (edition === undefined) {
    // Removed since, or replaced under another label: the job's own word is all there is.
    return (
      <p class="upload-result" role="status">
        The import job of edition <strong>{label}</strong> is done ({props.job.status ?? 'finished'}).
      </p>
    );
  }
  return (
    <UploadSummary
      series={props.series}
      edition={edition}
      status={props.job.status ?? 'added'}
      {...(previous === undefined ? {} : { previous })}
    />
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
