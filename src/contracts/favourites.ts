import { z } from 'zod';

export const ProfessionalIdParams = z.object({ professionalId: z.uuid() });
export const UserIdParams = z.object({ userId: z.uuid() });

/** A professional an institution marked a favourite. */
export const FavouriteView = z
  .object({
    professionalId: z.uuid(),
    name: z.string(),
    roles: z.array(z.string()),
    ratingAverage: z.number().nullable(),
    ratingCount: z.number().int(),
    /** 0–100 (see GET /me/reliability). */
    reliabilityScore: z.number().int(),
    createdAt: z.string(),
  })
  .meta({ id: 'Favourite' });
export type FavouriteView = z.output<typeof FavouriteView>;

/** Someone the caller blocked. */
export const BlockView = z
  .object({
    userId: z.uuid(),
    name: z.string(),
    role: z.enum(['institution', 'professional']),
    createdAt: z.string(),
  })
  .meta({ id: 'Block' });
export type BlockView = z.output<typeof BlockView>;
