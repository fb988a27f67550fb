import assert from 'node:assert/strict';
import { test } from 'node:test';
import { engineBackend } from '../../../electron/backend/handlers/diagnostics-handlers.ts';
import { doctorBackend, reasonsFromBackendSummary, runDoctor, runtimeVersions } from '../../../training/doctor.ts';
import { backendSummary } from '../../../training/model/backend.ts';
import type { BackendChoice } from '../../../training/model/backend.ts';

const WASM: BackendChoice = {
  name: 'wasm',
  tfBackend: 'wasm',
  detail: 'SIMD, 1 thread',
  reasons: ['@tensorflow/tfjs-node-gpu not installed', 'CUDA runtime not found: libcudart.so.11.0: cannot open shared object file'],
};

test('the reasons read back from a summary line are the ones backendSummary joined', () => {
  assert.deepEqual(reasonsFromBackendSummary(backendSummary(WASM)), WASM.reasons);
  assert.deepEqual(reasonsFromBackendSummary(backendSummary({ ...WASM, reasons: [] })), []);
  assert.deepEqual(reasonsFromBackendSummary('tensorflow-gpu (NVIDIA T4)'), []);
  const gpu = doctorBackend({ name: 'tensorflow-gpu', tfBackend: 'tensorflow', device: 'NVIDIA T4', reasons: [] });
  assert.deepEqual(gpu, { name: 'tensorflow-gpu', summary: 'tensorflow-gpu (NVIDIA T4)', reasons: [], device: 'NVIDIA T4' });
});

test('the report about a backend chosen elsewhere is plain JSON and carries its reasons', async () => {
  const report = await runDoctor({
    backendInUse: async () => engineBackend({ state: 'ready', backend: 'wasm', detail: backendSummary(WASM) }),
    developerChecks: false,
  });
  assert.deepEqual(JSON.parse(JSON.stringify(report)), report, 'survives JSON unchanged (no undefined values)');
  assert.equal(report.backend?.name, 'wasm');
  assert.deepEqual(report.backend?.reasons, WASM.reasons);
  const backendCheck = report.checks.find((c) => c.name === 'ML backend');
  assert.equal(backendCheck?.ok, true);
  assert.match(backendCheck?.fix ?? '', /tfjs-node/, 'a slow backend says how to get a faster one');
  assert.ok(!report.checks.some((c) => c.name === 'chromium'), 'developer checks left out');
  for (const c of report.checks) if (!c.ok) assert.ok(c.fix, `${c.name} is missing and says what to do`);
});

test('an engine that is not ready is a failed check with what to do, and no backend', async () => {
  const report = await runDoctor({
    backendInUse: async () => engineBackend({ state: 'crashed', detail: 'exit code 1; restarting in 2 s' }),
  });
  assert.equal(report.backend, null);
  const backendCheck = report.checks.find((c) => c.name === 'ML backend');
  assert.equal(backendCheck?.ok, false);
  assert.match(backendCheck?.detail ?? '', /stopped: exit code 1/);
  assert.ok(backendCheck?.fix);
  assert.ok(report.checks.some((c) => c.name === 'chromium'), 'developer checks by default (ser doctor)');
  assert.match(String(engineBackend({ state: 'starting' })), /starting/);
});

test('versions name SER Studio and Node first and leave out what is absent', () => {
  const versions = runtimeVersions();
  assert.deepEqual(versions.slice(0, 2).map((v) => v.name), ['SER Studio', 'Node.js']);
  assert.equal(versions[1].version, process.versions.node);
  assert.ok(versions.some((v) => v.name === '@tensorflow/tfjs' && /^\d+\.\d+\.\d+/.test(v.version)));
  if (process.versions.electron === undefined) assert.ok(!versions.some((v) => v.name === 'Electron'));
  for (const v of versions) assert.ok(v.version.length > 0, `${v.name} has a version`);
});
