import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

// Docker and the hosts cannot run here: these checks keep the manifests in step with the code.
const root = path.resolve(import.meta.dirname, '..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

const API_COMMAND = 'node dist/server.js';
/** The shared document store: the worker must reach the bucket the API writes to. */
const S3_VARIABLES = ['S3_BUCKET', 'S3_ENDPOINT', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'];
const AT_VARIABLES = ['AT_BASE_URL', 'AT_USERNAME', 'AT_API_KEY', 'AT_SENDER_ID', 'AT_SHORTCODE', 'AT_CALLBACK_KEY'];
const WORKER_COMMAND = 'node dist/worker.js';

/** dist/<name>.js is what tsc writes for src/<name>.ts. */
function entryPointExists(command: string): boolean {
  const script = command.split(' ').at(-1)!;
  return existsSync(path.join(root, script.replace(/^dist\//, 'src/').replace(/\.js$/, '.ts')));
}

/** The `key = "value"` lines under a header such as `[env]` in fly.toml (no TOML parser among the dependencies). */
function tomlTable(text: string, header: string): Record<string, string> {
  const escaped = header.replace(/[[\].]/g, '\\$&');
  const body = text.split(new RegExp(`^\\s*${escaped}\\s*$`, 'm'))[1]?.split(/^\s*\[/m)[0] ?? '';
  return Object.fromEntries([...body.matchAll(/^\s*([\w-]+)\s*=\s*"([^"]*)"/gm)].map((match) => [match[1]!, match[2]!]));
}

/** Node 24 LTS in production; the code still runs on 20.19+ and 22. */
const PRODUCTION_NODE_MAJOR = 24;

describe('deploy manifests', () => {
  const packageJson = JSON.parse(read('package.json')) as {
    scripts: Record<string, string>;
    engines: { node: string };
    devDependencies: Record<string, string>;
  };

  it('Node: types for the production major, engines still admitting 20.19, CI testing on the production major too', () => {
    expect(packageJson.devDependencies['@types/node']).toMatch(new RegExp(`^${PRODUCTION_NODE_MAJOR}\\.\\d+\\.\\d+$`));
    expect(packageJson.engines.node).toBe('>=20.19');
    const ci = read('.ci/run');
    expect(ci).toMatch(new RegExp(`^NODE24_VERSION=${PRODUCTION_NODE_MAJOR}\\.\\d+\\.\\d+$`, 'm'));
    const afterNode24 = ci.split(/^export PATH="\$node24_dir/m)[1] ?? '';
    expect(afterNode24).toMatch(/^npm run test:api$/m);
    expect(afterNode24).toMatch(/^npm run test:e2e$/m);
  });

  it('name entry points that the build produces and npm start / npm run worker use', () => {
    expect(entryPointExists(API_COMMAND) && entryPointExists(WORKER_COMMAND)).toBe(true);
    expect(packageJson.scripts.start).toMatch(/node .*dist\/server\.js$/);
    expect(packageJson.scripts.worker).toMatch(/node .*dist\/worker\.js$/);
  });

  it('Dockerfile: npm ci + npm run build, production dependencies only at runtime, non-root, the API by default', () => {
    const dockerfile = read('Dockerfile');
    const [build, runtime] = dockerfile.split(/^FROM .* AS runtime$/m);
    expect(build).toMatch(/^RUN npm ci\b/m);
    expect(build).toMatch(/^RUN npm run build$/m);
    expect([...dockerfile.matchAll(/^FROM (\S+) AS (\w+)$/gm)].map((match) => `${match[2]} ${match[1]}`)).toEqual([
      `build node:${PRODUCTION_NODE_MAJOR}-bookworm-slim`,
      `runtime node:${PRODUCTION_NODE_MAJOR}-bookworm-slim`,
    ]);
    expect(runtime).toMatch(/^RUN npm ci --omit=dev\b/m);
    expect(runtime).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
    // dist/platform/db.js reads its migrations from ../../drizzle.
    expect(runtime).toMatch(/^COPY --from=build \/app\/drizzle \.\/drizzle$/m);
    const users = [...runtime!.matchAll(/^USER (\S+)$/gm)].map((match) => match[1]);
    expect(users.at(-1)).toBe('node');
    expect(runtime).toMatch(/^CMD \["node", ?"dist\/server\.js"\]$/m);
    expect(runtime).toMatch(/HOST=0\.0\.0\.0/);
  });

  it('fly.toml: the API and the worker as process groups, health-checked on /readyz', () => {
    const fly = read('fly.toml');
    expect(tomlTable(fly, '[processes]')).toEqual({ app: API_COMMAND, worker: WORKER_COMMAND });
    expect(tomlTable(fly, '[env]')).toMatchObject({ NODE_ENV: 'production', RUN_WORKERS: 'false', TRUST_PROXY: '1' });
    expect(tomlTable(fly, '[[http_service.checks]]')).toMatchObject({ method: 'GET', path: '/readyz' });
    expect(fly).toMatch(/^\s*internal_port = 3000$/m);
    // Documents go to a Tigris bucket shared by every machine: no volume ties the app group to one machine.
    expect(fly).not.toMatch(/^\s*\[+mounts\]+/m);
  });

  it('render.yaml: a web service, a worker and a database, /readyz, secrets never committed', () => {
    interface EnvVar {
      key?: string;
      value?: string;
      generateValue?: boolean;
      sync?: boolean;
      fromDatabase?: unknown;
      fromService?: unknown;
      fromGroup?: string;
    }
    interface Service {
      type: string;
      name: string;
      runtime: string;
      dockerCommand: string;
      healthCheckPath?: string;
      envVars: EnvVar[];
    }
    const blueprint = parseYaml(read('render.yaml')) as {
      services: Service[];
      databases: unknown[];
      envVarGroups: { envVars: EnvVar[] }[];
    };
    const web = blueprint.services.find((service) => service.type === 'web')!;
    const worker = blueprint.services.find((service) => service.type === 'worker')!;
    expect(blueprint.databases).toHaveLength(1);
    expect([web.dockerCommand, worker.dockerCommand]).toEqual([API_COMMAND, WORKER_COMMAND]);
    expect(web.healthCheckPath).toBe('/readyz');
    const vars = (service: Service) => new Map(service.envVars.filter((envVar) => envVar.key).map((envVar) => [envVar.key!, envVar]));
    expect(vars(web).get('JWT_SECRET')).toEqual({ key: 'JWT_SECRET', generateValue: true });
    expect(vars(web).get('RUN_WORKERS')?.value).toBe('false');
    for (const secret of ['ENCRYPTION_KEY', 'PUBLIC_URL', 'PESAPAL_CONSUMER_SECRET', 'ADMIN_PASSWORD', ...S3_VARIABLES, ...AT_VARIABLES]) {
      expect(vars(web).get(secret)).toEqual({ key: secret, sync: false });
    }
    // Everything a production process requires reaches the worker too.
    for (const required of [
      'DATABASE_URL',
      'JWT_SECRET',
      'ENCRYPTION_KEY',
      'PUBLIC_URL',
      'PESAPAL_BASE_URL',
      'PESAPAL_CONSUMER_KEY',
      'PESAPAL_CONSUMER_SECRET',
      ...S3_VARIABLES,
      ...AT_VARIABLES,
      'MOMO_BASE_URL',
      'MOMO_API_KEY',
      'AIRTEL_BASE_URL',
      'AIRTEL_PIN',
    ]) {
      expect(vars(worker).has(required), required).toBe(true);
    }
    const committedValues = blueprint.envVarGroups.flatMap((group) => group.envVars).concat(web.envVars, worker.envVars);
    expect(
      committedValues
        .filter((envVar) => envVar.value !== undefined)
        .map((envVar) => envVar.key)
        .sort(),
    ).toEqual(['HOST', 'NODE_ENV', 'RUN_WORKERS', 'TRUST_PROXY']);
    // One hop: Render's edge appends the client's address; the entries before it are the client's to write.
    expect(committedValues.find((envVar) => envVar.key === 'TRUST_PROXY')?.value).toBe('1');
  });

  it('railway: the API health-checked on /readyz; the worker config has no HTTP check', () => {
    const api = JSON.parse(read('railway.json')) as {
      build: { builder: string };
      deploy: { startCommand: string; healthcheckPath: string };
    };
    const worker = JSON.parse(read('railway.worker.json')) as { deploy: { startCommand: string; healthcheckPath?: string } };
    expect(api.build.builder).toBe('DOCKERFILE');
    expect(api.deploy).toMatchObject({ startCommand: API_COMMAND, healthcheckPath: '/readyz' });
    expect(worker.deploy.startCommand).toBe(WORKER_COMMAND);
    expect(worker.deploy.healthcheckPath).toBeUndefined();
  });
});
