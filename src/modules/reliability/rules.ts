/**
 * The rules that keep shifts filled and kept (favourites first, confirmation, reliability scores,
 * late cancellation, credential expiry): every point, window and share in one place, named, so they
 * are tuned here and nowhere else. Windows are measured from the shift's scheduled start.
 */

const HOUR_MS = 3_600_000;

export const RELIABILITY = {
  startScore: 100,
  maxScore: 100,
  minScore: 0,
  completedShiftPoints: 5,
  noShowPoints: -100,
  /** A score below this restricts the professional to favourites' shifts… */
  restrictedBelow: 50,
  /** …for this many days from the event that took it there. */
  restrictionDays: 7,
} as const;

/**
 * Points for giving a shift back, by hours left before its start, soonest band last. Each band
 * includes its lower bound: exactly 24 h ahead costs −10, exactly 4 h ahead −35.
 */
export const GIVE_BACK_BANDS = [
  { fromHours: 72, points: 0 },
  { fromHours: 24, points: -10 },
  { fromHours: 12, points: -20 },
  { fromHours: 4, points: -35 },
  { fromHours: 0, points: -50 },
] as const;

/** Giving back a shift that has already started costs the soonest band's points. */
const SOONEST_GIVE_BACK_POINTS = -50;

export const CONFIRMATION = {
  /** The assignee may confirm from this many hours before the start. */
  opensHoursBefore: 48,
  /** Reminders to confirm, sent this many hours before the start. */
  reminderHoursBefore: [24, 6],
  /** Still unconfirmed this many hours before the start, the owner may release the assignee without penalty. */
  releasableHoursBefore: 4,
} as const;

/**
 * The professional's share of `pay` when the institution cancels a paid job, by hours left
 * before its start (strictly under each bound; the fee follows the same share).
 */
export const LATE_CANCELLATION_BANDS = [
  { underHours: 4, payPercent: 50 },
  { underHours: 24, payPercent: 25 },
] as const;

export const FAVOURITES = {
  /** When the head start ends, this many best matches are offered the shift. */
  offeredMatches: 10,
  /** A shift starting sooner than this many head starts from posting gets none. */
  skipWithinHeadStarts: 2,
  /** An institution's cancellation rate is measured over this many days. */
  cancellationRateDays: 90,
} as const;

export const CREDENTIAL_EXPIRY = {
  /** Reminders this many days before a document expires (Kampala dates). */
  reminderDaysBefore: [30, 7],
  /** UNMC practising licences run three years: the approval form suggests this expiry. */
  licenceYears: 3,
} as const;

/** Hours from `at` to `startsAt` (negative once the shift has started). */
export function hoursBefore(startsAt: Date, at: Date): number {
  return (startsAt.getTime() - at.getTime()) / HOUR_MS;
}

/** The reliability points a professional loses (≤ 0) for giving back a shift starting at `startsAt`. */
export function giveBackPoints(startsAt: Date, at: Date): number {
  const hours = hoursBefore(startsAt, at);
  return GIVE_BACK_BANDS.find((band) => hours >= band.fromHours)?.points ?? SOONEST_GIVE_BACK_POINTS;
}

/** The percent of `pay` owed to the assignee when the owner cancels a paid job at `at` (0 when not late). */
export function lateCancellationPayPercent(startsAt: Date, at: Date): number {
  const hours = hoursBefore(startsAt, at);
  return LATE_CANCELLATION_BANDS.find((band) => hours < band.underHours)?.payPercent ?? 0;
}

/** A score after adding `points`, kept within [minScore, maxScore]. */
export function applyPoints(score: number, points: number): number {
  return Math.min(RELIABILITY.maxScore, Math.max(RELIABILITY.minScore, score + points));
}

/** Whether a score restricts the professional to favourites' shifts. */
export function isRestrictingScore(score: number): boolean {
  return score < RELIABILITY.restrictedBelow;
}
