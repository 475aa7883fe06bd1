import { configOrExit, startOrExit } from './main.js';
import { onShutdownSignal } from './platform/shutdown.js';
import { startRuntime } from './runtime.js';

/** Background workers only, for when the API runs as several processes with RUN_WORKERS=false. */
const config = configOrExit();
const runtime = await startOrExit(config, () => startRuntime(config, { workers: true }));
onShutdownSignal(runtime.ctx.log, () => runtime.close());
runtime.ctx.log.info({ database: runtime.ctx.database.driver }, 'Qgig workers running');
