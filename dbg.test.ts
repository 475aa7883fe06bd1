import { it } from 'vitest';
import { startTestApp } from './test/support/app.js';
it('dbg', async () => {
  const t = await startTestApp({ captureLogs: true });
  const r = await t.app.inject({ url: '/api/openapi.json' });
  console.log(r.statusCode, t.logs.filter((l) => l.includes('"level":50')).map((l) => l.slice(0, 2500)).join('\n'));
  await t.close();
});
