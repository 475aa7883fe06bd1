import { buildApp } from './app.js';
import { configOrExit, startOrExit } from './main.js';
import { onShutdownSignal } from './platform/shutdown.js';
import { startRuntime } from './runtime.js';

const config = configOrExit();
const runtime = await startOrExit(config, () => startRuntime(config));
const app = await buildApp(runtime.ctx);

onShutdownSignal(runtime.ctx.log, async () => {
  // Stop accepting, let in-flight requests finish, then release the queue and the database.
  await app.close();
  await runtime.close();
});

const address = await startOrExit(config, () => app.listen({ port: config.port, host: config.host }));
runtime.ctx.log.info(
  { database: runtime.ctx.database.driver, workers: config.runWorkers, address },
  `Qgig is serving ${address} (API docs at ${address}/docs)`,
);
