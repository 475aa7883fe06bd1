/**
 * The ceiling: a bare Fastify route doing one primary-key lookup on the same database, with the
 * app's pool size and nothing else (no auth, schemas, hooks or logging). Started by `npm run bench`.
 * Environment: DATABASE_URL, PORT, DATABASE_POOL_SIZE.
 */
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 20),
  application_name: 'qgig-bench-ceiling',
});
const app = Fastify({ logger: false });

app.get('/ready', async () => ({ ok: true }));
app.get<{ Params: { id: string } }>('/jobs/:id', async (request, reply) => {
  const { rows } = await pool.query({
    name: 'ceiling-job',
    text: 'SELECT id, role, skills, starts_at, ends_at, rate_amount, rate_unit, district, status FROM jobs WHERE id = $1',
    values: [request.params.id],
  });
  return rows[0] ?? reply.code(404).send({ status: 404 });
});

const close = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.once('SIGTERM', close);
process.once('SIGINT', close);
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
