/**
 * `npm start` as a user runs it: a real process with its own DynamoDB Local on disk. It
 * prints the URL and credentials, refuses a second start on a taken port with a clear
 * message, stops its JVM on Ctrl-C, and keeps the data for the next start, including a catalog
 * version an admin published (the demo catalog is published only while the product is missing).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamodb-local.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'configurator-start-'));
const started: ChildProcess[] = [];
const jvmPids: number[] = [];

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs `npm start`'s script (node + tsx, as package.json does) and collects its output. */
function startProduct(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'infra/local/start.ts'], {
    env: { ...process.env, ...env, NODE_EXTRA_CA_CERTS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<string>((resolve, reject) => {
    const check = () => {
      if (output.includes('Press Ctrl-C to stop.')) return resolve(output);
      setTimeout(check, 100);
    };
    check();
    void exited.then((code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
  });
  // A start expected to fail is awaited through `exited`; its `ready` must not count as unhandled.
  ready.catch(() => undefined);
  return { child, ready, exited, output: () => output };
}

afterAll(() => {
  // A failed assertion must not leave a product or a JVM behind.
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
  for (const pid of jvmPids) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('starts everything, refuses a second start, stops its JVM on Ctrl-C and keeps data', async () => {
    // Prepare
    const env = { PORT: String(await freePort()), DYNAMODB_PORT: String(await freePort()), DATA_DIR: dataDir };

    // Act: first start
    const first = startProduct(env);
    const banner = await first.ready;
    const jvmPid = Number(/pid (\d+)/.exec(banner)?.[1]);
    jvmPids.push(jvmPid);
    const adminToken = /Admin token\s+(\S+)/.exec(banner)?.[1];
    const partnerKey = /Demo partner key\s+(\S+)/.exec(banner)?.[1];
    const url = /running at (\S+)/.exec(banner)?.[1];

    // Assess: URL and credentials printed and working
    expect(url).toBe(`http://localhost:${env.PORT}`);
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const products = await fetch(`${url}/products`, { headers: { 'x-api-key': partnerKey! } });
    expect(((await products.json()) as { items: { productId: string }[] }).items.map((p) => p.productId)).toEqual(['laptop-x1']);
    const page = await fetch(`${url}/`);
    expect(await page.text()).toContain('<title>Order configurator</title>');
    expect(isRunning(jvmPid)).toBe(true);

    // Act: an admin publishes a changed demo catalog (version 2)
    const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
    const demo = (await (await fetch(`${url}/products/laptop-x1`, { headers: admin })).json()) as { document: { name: string } };
    const changed = { ...demo.document, name: 'X1 Laptop (published by an admin)' };
    const published = await fetch(`${url}/admin/products/laptop-x1`, { method: 'PUT', headers: admin, body: JSON.stringify(changed) });
    expect(published.status).toBe(201);

    // Act + Assess: a second start on the same port says so and starts no JVM
    const second = startProduct(env);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`port ${env.PORT} is already in use`);

    // Act + Assess: Ctrl-C stops the product and its JVM
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(isRunning(jvmPid)).toBe(false);

    // Act + Assess: a restart keeps the data, the credentials and the admin's version (no re-publish of the demo)
    const third = startProduct(env);
    const banner3 = await third.ready;
    jvmPids.push(Number(/pid (\d+)/.exec(banner3)?.[1]));
    expect(/Admin token\s+(\S+)/.exec(banner3)?.[1]).toBe(adminToken);
    const after = await fetch(`${url}/products/laptop-x1`, { headers: { authorization: `Bearer ${adminToken}` } });
    expect((await after.json()) as { version: number; document: { name: string } }).toMatchObject({
      version: 2,
      document: { name: 'X1 Laptop (published by an admin)' },
    });
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
    expect(isRunning(jvmPids[1]!)).toBe(false);
  }, 120_000);
});
