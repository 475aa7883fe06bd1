import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import type { S3Settings } from '../../src/platform/s3-objects.js';

export interface TestS3 {
  /** The S3_* variables that point a Qgig process at this server's bucket. */
  env: Record<string, string>;
  /** The same, as the configuration reads them. */
  settings: S3Settings;
  close(): Promise<void>;
}

/** s3rver's built-in credentials: it checks every request's signature against them. */
const ACCESS_KEY = 'S3RVER';

/** A real S3-compatible server (s3rver) in this process, on a free loopback port, with one empty bucket. */
export async function startTestS3(bucket = 'qgig-documents'): Promise<TestS3> {
  const directory = mkdtempSync(path.join(tmpdir(), 'qgig-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  const settings: S3Settings = {
    bucket,
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: ACCESS_KEY },
  };
  return {
    settings,
    env: {
      S3_BUCKET: settings.bucket,
      S3_ENDPOINT: settings.endpoint!,
      S3_REGION: settings.region,
      S3_ACCESS_KEY_ID: ACCESS_KEY,
      S3_SECRET_ACCESS_KEY: ACCESS_KEY,
    },
    async close() {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
