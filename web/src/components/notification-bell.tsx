import { useEffect } from 'react';
import { Link } from 'wouter';
import { followNotifications, useNotifications } from '../api/notifications';

/** The header's link to the notifications, with the unread count kept live by the stream. */
export function NotificationBell({ userId, current }: { userId: string; current: boolean }) {
  const { unread, moreUnread, latest } = useNotifications();
  // Keyed by user: signing in as someone else follows their notices instead.
  useEffect(() => followNotifications(), [userId]);

  const count = unread ? `${unread}${moreUnread ? '+' : ''}` : '';
  return (
    <>
      <Link
        href="/notifications"
        className="bell"
        aria-current={current ? 'page' : undefined}
        aria-label={count ? `Notifications, ${count} unread` : 'Notifications'}
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" width="24" height="24" focusable="false">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        {count && <span className="bell-count">{count}</span>}
      </Link>
      <p className="visually-hidden" role="status">
        {latest ? `New notification: ${latest.title}` : ''}
      </p>
    </>
  );
}
