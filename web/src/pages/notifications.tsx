import { useEffect, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { api } from '../api/client';
import { recountUnread, useNotifications, type Notification } from '../api/notifications';
import { asApiError, type ApiError } from '../api/problem';
import { CheckboxField } from '../components/fields';
import { LoadMore } from '../components/load-more';
import { ErrorMessage, Loaded } from '../components/status';
import { formatKampalaDateTime } from '../lib/format';
import { withQuery } from '../lib/query';
import { usePagedApi } from '../lib/use-paged-api';

export default function Notifications() {
  const [, navigate] = useLocation();
  const unreadOnly = new URLSearchParams(useSearch()).get('unread') === 'true';
  const list = usePagedApi<Notification>(withQuery('/notifications', { unread: unreadOnly || undefined }));
  const { latest, unread } = useNotifications();
  const [error, setError] = useState<ApiError>();
  const { reload } = list;

  // A notice arriving on the live stream shows here at once.
  useEffect(() => {
    if (latest) reload();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reload changes every render; only a new notice matters
  }, [latest?.id]);

  async function act(work: () => Promise<unknown>) {
    setError(undefined);
    try {
      await work();
      reload();
      await recountUnread();
    } catch (caught) {
      setError(asApiError(caught));
    }
  }

  return (
    <>
      <h1>Notifications</h1>
      <div className="toolbar">
        <CheckboxField
          name="unread"
          label="Only unread"
          checked={unreadOnly}
          onChange={(event) => navigate(withQuery('/notifications', { unread: event.target.checked || undefined }), { replace: true })}
        />
        {unread !== 0 && (
          <button type="button" className="button button-secondary" onClick={() => void act(() => api.post('/notifications/read-all'))}>
            Mark all as read
          </button>
        )}
      </div>
      {error && <ErrorMessage error={error} />}
      <Loaded resource={list} label="Loading your notifications…">
        {(page) =>
          page.items.length === 0 ? (
            <p>{unreadOnly ? 'Nothing unread.' : 'No notifications yet.'}</p>
          ) : (
            <>
              <ul className="plain-list">
                {page.items.map((notice) => (
                  <li key={notice.id} className={notice.readAt ? 'card notice' : 'card notice notice-unread'}>
                    <h2>
                      {!notice.readAt && <span className="visually-hidden">Unread: </span>}
                      {notice.title}
                    </h2>
                    <p>{notice.body}</p>
                    <p className="notice-meta">
                      {formatKampalaDateTime(notice.createdAt)}
                      {inAppPath(notice.link) && (
                        <>
                          {' · '}
                          <Link href={inAppPath(notice.link)!}>Open</Link>
                        </>
                      )}
                    </p>
                    {!notice.readAt && (
                      <button
                        type="button"
                        className="button-link"
                        aria-label={`Mark as read: ${notice.title}`}
                        onClick={() => void act(() => api.post(`/notifications/${notice.id}/read`))}
                      >
                        Mark as read
                      </button>
                    )}
                  </li>
                ))}
              </ul>
              <LoadMore list={page} />
            </>
          )
        }
      </Loaded>
    </>
  );
}

/** The notice's link as a path in this app (links are absolute, under the server's PUBLIC_URL). */
function inAppPath(link: string): string | undefined {
  try {
    const url = new URL(link, window.location.origin);
    return url.pathname === '/' ? undefined : url.pathname + url.search;
  } catch {
    return undefined;
  }
}
