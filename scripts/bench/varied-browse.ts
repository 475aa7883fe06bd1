/**
 * The uncached browse case: every request a different filter set, while the busiest institution
 * posts jobs, each post invalidating the cached browse pages.
 */
import { PROFESSIONAL_ROLES } from '../../src/contracts/profiles.js';
import { DISTRICT_DRAWS, SKILLS } from '../seed/vocabulary.js';
import type { BenchContext, BenchRequest } from './cases.js';

const DISTRICTS = [...new Set(DISTRICT_DRAWS)];
const ALL_SKILLS = Object.values(SKILLS).flat();
const MIN_RATES = [5_000, 20_000, 50_000, 100_000];
const PAGE_SIZES = [10, 20, 50];
/** More filter sets than the case sends in its warm-up and run, so none is asked twice. */
const FILTER_SETS = 50_000;

/** A deterministic generator (mulberry32), so every run asks the same filter sets. */
function randomFrom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Browse paths, each with its own mix of role, district, skill, minimum rate and page size. */
export function variedBrowsePaths(count = FILTER_SETS): string[] {
  const random = randomFrom(21);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  return Array.from({ length: count }, (_, index) => {
    const query = new URLSearchParams({ limit: String(PAGE_SIZES[index % PAGE_SIZES.length]) });
    if (random() < 0.5) query.set('role', pick(PROFESSIONAL_ROLES));
    if (random() < 0.5) query.set('district', pick(DISTRICTS));
    if (random() < 0.4) query.set('skill', pick(ALL_SKILLS));
    if (random() < 0.5) query.set('minRate', String(pick(MIN_RATES)));
    return `/jobs?${query.toString()}`;
  });
}

export function variedBrowseRequests(context: BenchContext): BenchRequest[] {
  return variedBrowsePaths().map((path) => ({ path, token: context.tokens.professionals[0] }));
}

/** Jobs posted per second beside the case. */
const POSTS_PER_SECOND = 4;

/** Posts a job for the busiest institution `POSTS_PER_SECOND` times a second until stopped; stopping resolves to the posts that failed. */
export function postJobsSteadily(apiUrl: string, ownerToken: string): () => Promise<number> {
  const date = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const sent: Promise<boolean>[] = [];
  const timer = setInterval(() => {
    const body = {
      role: PROFESSIONAL_ROLES[sent.length % PROFESSIONAL_ROLES.length],
      skills: [],
      date,
      startTime: '08:00',
      endTime: '16:00',
      rateAmount: 40_000,
      rateUnit: 'day',
      district: 'Kampala',
    };
    sent.push(
      fetch(`${apiUrl}/jobs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ownerToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
        .then(async (response) => (await response.arrayBuffer(), response.status === 201))
        .catch(() => false),
    );
  }, 1000 / POSTS_PER_SECOND);
  return async () => {
    clearInterval(timer);
    return (await Promise.all(sent)).filter((posted) => !posted).length;
  };
}
