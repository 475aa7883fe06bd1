import { createLogger } from '../../src/platform/logger.js';
import { onShutdownSignal } from '../../src/platform/shutdown.js';

// A process whose close() never settles, holding a handle open as a server's sockets would.
// Arguments: the guard's time in ms, then how many log lines to write first (enough to fill a pipe nobody reads).
const [guardMs, lines = 0] = process.argv.slice(2).map(Number);
const log = createLogger('info');
for (let line = 0; line < lines; line += 1) log.info({ line, padding: 'x'.repeat(200) }, 'filler');
onShutdownSignal(log, () => new Promise<void>(() => undefined), guardMs);
setInterval(() => undefined, 60_000);
process.stderr.write('ready\n');
