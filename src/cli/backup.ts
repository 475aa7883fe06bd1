import { configOrExit } from '../main.js';
import { createBackup, standaloneBackupSource } from '../modules/backups/service.js';
import { runCommand } from './command.js';

const config = configOrExit();
await runCommand(async () => {
  const result = await createBackup(standaloneBackupSource(config), config.backup);
  const lines = [`Backup written: ${result.file} (${result.bytes} bytes, verified)`];
  if (result.removed.length > 0)
    lines.push(`Removed ${result.removed.length} older backup(s), keeping the newest ${config.backup.keep} (BACKUP_KEEP).`);
  return lines.join('\n');
});
