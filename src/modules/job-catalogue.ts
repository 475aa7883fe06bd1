import type { JobDefinition } from '../platform/queue.js';
import { purgeRateLimitsJob } from './maintenance/jobs.js';

/** Every background job the system knows; each gets its queue and retry policy at start. */
export const jobCatalogue: readonly JobDefinition[] = [purgeRateLimitsJob];
