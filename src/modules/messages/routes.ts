import { IdParams } from '../../contracts/common.js';
import { MessageBody, MessagePage, MessagesQuery, MessagesRead, MessageView } from '../../contracts/job-messages.js';
import { callerOf } from '../../platform/auth.js';
import { requestMeta, type ModuleRoutes } from '../../platform/http.js';
import * as messages from './service.js';

const security = [{ bearer: [] }];
const tags = ['messages'];

export const messageRoutes: ModuleRoutes = async (app, { ctx, guards }) => {
  const user = { preHandler: guards.requireUser };

  app.get(
    '/jobs/:id/messages',
    {
      ...user,
      schema: {
        tags,
        summary: 'A job’s messages between its owner and its assignee, oldest first',
        description:
          'The parties, from the assignment until 7 days after the end (409 outside that); an administrator only while the job is `disputed`, each read audited. 404 for anyone else.',
        security,
        params: IdParams,
        querystring: MessagesQuery,
        response: { 200: MessagePage },
      },
    },
    async (request) => messages.listMessages(ctx, callerOf(request), request.params.id, request.query, requestMeta(request)),
  );

  app.post(
    '/jobs/:id/messages',
    {
      ...user,
      schema: {
        tags,
        summary: 'Write to the other party of a job (1–2,000 characters, counted in Unicode code points)',
        description: `Stored as given and delivered live on the other party's stream (event \`message\`). At most ${messages.MESSAGES_PER_MINUTE} a minute per sender (429 with Retry-After).`,
        security,
        params: IdParams,
        body: MessageBody,
        response: { 201: MessageView },
      },
    },
    async (request, reply) => reply.code(201).send(await messages.sendMessage(ctx, callerOf(request), request.params.id, request.body)),
  );

  app.post(
    '/jobs/:id/messages/read',
    {
      ...user,
      schema: {
        tags,
        summary: 'Mark the other party’s messages on a job read',
        description: 'The other party is told live (event `messages-read` with the job id).',
        security,
        params: IdParams,
        response: { 200: MessagesRead },
      },
    },
    async (request) => messages.markMessagesRead(ctx, callerOf(request), request.params.id),
  );
};
