import { useUpdateReady } from '../lib/service-worker';

/** Shown once a newer version of the app has taken over: the page on screen is still the old one. */
export function UpdateBanner() {
  if (!useUpdateReady()) return null;
  return (
    <div className="message" role="status">
      <p>A new version of Qgig is ready.</p>
      <button type="button" className="button button-secondary" onClick={() => window.location.reload()}>
        Reload
      </button>
    </div>
  );
}
