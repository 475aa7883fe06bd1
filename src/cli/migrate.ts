import { configOrExit } from '../main.js';
import { migrateDatabase, openDatabase } from '../platform/db.js';

const config = configOrExit();
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
try {
  await migrateDatabase(database);
  process.stdout.write(`Migrations applied (${database.driver}).\n`);
} finally {
  await database.close();
}
