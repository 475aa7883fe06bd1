import type { TestProject } from 'vitest/node';
import { migrateDatabase, openDatabase } from '../src/platform/db.js';
import { createLogger } from '../src/platform/logger.js';
import { createQueue } from '../src/platform/queue.js';
import { taskCatalogue } from '../src/modules/task-catalogue.js';
import { createDatabase, databaseUrl, dropDatabase, uniqueDatabaseName } from './support/postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/** Migrates one template database (schema and pg-boss tables); every test file copies it. */
export default async function setup(project: TestProject) {
  const template = uniqueDatabaseName('qgig_template');
  await createDatabase(template);
  const database = await openDatabase({ databaseUrl: databaseUrl(template), dataDir: '' });
  try {
    await migrateDatabase(database);
    const queue = createQueue(database, createLogger('silent'));
    await queue.start(taskCatalogue);
    await queue.stop();
  } finally {
    await database.close();
  }
  project.provide('templateDatabase', template);
  return async () => dropDatabase(template);
}
