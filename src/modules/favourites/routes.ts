import { z } from 'zod';
import { KeysetPageQuery, page } from '../../contracts/common.js';
import { BlockView, FavouriteView, ProfessionalIdParams, UserIdParams } from '../../contracts/favourites.js';
import { callerOf } from '../../platform/auth.js';
import type { ModuleRoutes } from '../../platform/http.js';
import * as favourites from './service.js';

const bearer = [{ bearer: [] }];
const tags = ['reliability'];

export const favouriteRoutes: ModuleRoutes = async (app, { ctx, guards }) => {
  const institution = { preHandler: guards.requireRole('institution') };
  const party = { preHandler: guards.requireRole('institution', 'professional') };

  app.get(
    '/me/favourites',
    {
      ...institution,
      schema: {
        tags,
        summary: "The institution's favourite professionals, newest first",
        security: bearer,
        querystring: KeysetPageQuery,
        response: { 200: page(FavouriteView) },
      },
    },
    async (request) => favourites.listFavourites(ctx, callerOf(request), request.query),
  );

  app.put(
    '/me/favourites/:professionalId',
    {
      ...institution,
      schema: {
        tags,
        summary: 'Mark a professional a favourite: they see and are offered new shifts first (idempotent)',
        security: bearer,
        params: ProfessionalIdParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await favourites.addFavourite(ctx, callerOf(request), request.params.professionalId);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/me/favourites/:professionalId',
    {
      ...institution,
      schema: {
        tags,
        summary: 'Unmark a favourite (idempotent)',
        security: bearer,
        params: ProfessionalIdParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await favourites.removeFavourite(ctx, callerOf(request), request.params.professionalId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me/blocks',
    {
      ...party,
      schema: {
        tags,
        summary: 'The users the caller blocked, newest first',
        security: bearer,
        querystring: KeysetPageQuery,
        response: { 200: page(BlockView) },
      },
    },
    async (request) => favourites.listBlocks(ctx, callerOf(request), request.query),
  );

  app.put(
    '/me/blocks/:userId',
    {
      ...party,
      schema: {
        tags,
        summary:
          "Block an institution (as a professional) or a professional (as an institution): neither sees, matches or accepts the other's shifts",
        security: bearer,
        params: UserIdParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await favourites.addBlock(ctx, callerOf(request), request.params.userId);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/me/blocks/:userId',
    {
      ...party,
      schema: { tags, summary: 'Undo a block (idempotent)', security: bearer, params: UserIdParams, response: { 204: z.null() } },
    },
    async (request, reply) => {
      await favourites.removeBlock(ctx, callerOf(request), request.params.userId);
      return reply.code(204).send(null);
    },
  );
};
