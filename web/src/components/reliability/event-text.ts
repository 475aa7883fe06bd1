import type { ReliabilityEventView } from '@contracts/reliability';
import { formatKampalaDateTime } from '../../lib/format';

type EventKind = ReliabilityEventView['kind'];

const DOINGS: Record<EventKind, string> = {
  completed: 'Completed',
  gave_back: 'Gave back',
  no_show: 'Did not come to',
};

/** "Gave back the teacher shift of Mon 7 Dec 2026, 08:00". */
export const describeEvent = (kind: EventKind, jobRole: string, startsAt: string) =>
  `${DOINGS[kind]} the ${jobRole} shift of ${formatKampalaDateTime(startsAt)}`;

/** "+5 points", "−10 points", "no points". */
export function formatPoints(points: number): string {
  if (points === 0) return 'no points';
  const size = `${Math.abs(points)} ${Math.abs(points) === 1 ? 'point' : 'points'}`;
  return points > 0 ? `+${size}` : `−${size}`;
}
