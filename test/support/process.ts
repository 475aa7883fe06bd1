import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** tsx's loader by its own address, so that a process working in another directory still finds it. */
const TSX_LOADER = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;

/** Node's arguments and options to run a TypeScript entry point of this project through tsx, working in `cwd`. */
export function tsxCommand(script: string, args: string[], env: Record<string, string>, cwd = process.cwd()) {
  return {
    args: ['--import', TSX_LOADER, path.resolve(PROJECT_ROOT, script), ...args],
    options: { env: { ...process.env, TSX_TSCONFIG_PATH: path.join(PROJECT_ROOT, 'tsconfig.json'), ...env }, cwd },
  };
}

export interface ScriptResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript entry point as its own Node process (through tsx), with `env` over this process's environment. */
export function runScript(script: string, args: string[], env: Record<string, string>, cwd?: string): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const command = tsxCommand(script, args, env, cwd);
    const child = spawn(process.execPath, command.args, command.options);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
