import { z } from 'zod';
import { ConsentState, UserView } from './accounts.js';
import { NotificationSettings } from './notifications.js';
import { UssdState } from './phones.js';
import { InstitutionProfile, ProfessionalProfile, VerificationState } from './profiles.js';

export const MeView = z
  .object({
    user: UserView,
    consent: ConsentState,
    /** The caller's role profile: at most one is set, and none until the caller saves one. */
    professional: ProfessionalProfile.nullable(),
    institution: InstitutionProfile.nullable(),
    /** Professionals only: verified, document counts, and what still blocks verification. */
    verification: VerificationState.nullable(),
    notificationSettings: NotificationSettings,
    /** Professionals only (null for others): the USSD code to dial and whether a PIN is set. */
    ussd: UssdState.nullable(),
  })
  .meta({ id: 'Me' });
export type MeView = z.output<typeof MeView>;
