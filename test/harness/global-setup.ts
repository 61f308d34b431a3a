// vitest globalSetup: one moto_server for the whole run, endpoint handed to tests via provide/inject.
import type { TestProject } from 'vitest/node';
import { ensureMotoBinary, MOTO_VERSION, startMotoServer } from './moto-server.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const binary = await ensureMotoBinary();
  const started = performance.now();
  const server = await startMotoServer(binary.path);
  const startMs = Math.round(performance.now() - started);
  const install = binary.installMs > 0 ? `installed in ${binary.installMs}ms, ` : '';
  console.log(`moto_server ${MOTO_VERSION} at ${server.endpoint} (${install}started in ${startMs}ms)`);
  project.provide('motoEndpoint', server.endpoint);
  return () => server.stop();
}
