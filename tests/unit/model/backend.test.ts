// Backend selection: the order, the reasons it prints, and the errors a forced backend gives.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import { describeBackend, selectBackend } from '../../../training/model/backend.ts';

const GPU_PACKAGE = '@tensorflow/tfjs-node-gpu';
const NODE_PACKAGE = '@tensorflow/tfjs-node';

function installed(pkg: string): boolean {
  try {
    createRequire(import.meta.url).resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

const nativeInstalled = installed(GPU_PACKAGE) || installed(NODE_PACKAGE);

// First in the file: the wasm backend is initialised here, so its Emscripten glue
// runs now and the listeners it adds can be observed.
it('starting wasm leaves no process-wide crash listeners behind', async () => {
  const uncaught = process.listeners('uncaughtException').length;
  const rejection = process.listeners('unhandledRejection').length;
  const choice = await selectBackend('wasm');
  assert.equal(choice.name, 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  assert.equal(process.listeners('uncaughtException').length, uncaught);
  assert.equal(process.listeners('unhandledRejection').length, rejection);
});

it("'wasm' reports SIMD and its thread count, and has the convolution gradients", async () => {
  const choice = await selectBackend('wasm');
  assert.equal(choice.tfBackend, 'wasm');
  assert.deepEqual(choice.reasons, []);
  assert.match(choice.detail ?? '', /SIMD, \d+ threads?/);
  assert.ok(tf.getKernel('Conv2DBackpropFilter', 'wasm') !== undefined);
  assert.ok(tf.getKernel('Conv2DBackpropInput', 'wasm') !== undefined);
  // The backend is live in the one tfjs engine the rest of the code imports.
  assert.equal(
    tf.tidy(() => tf.sum(tf.tensor1d([1, 2, 3])).dataSync()[0]),
    6,
  );
});

it("'auto' skips the native packages that are absent, saying so, and picks wasm", async (t) => {
  if (nativeInstalled) {
    t.skip('a tfjs-node package is installed here, so auto rightly picks TensorFlow');
    return;
  }
  const choice = await selectBackend('auto');
  assert.equal(choice.name, 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  assert.equal(choice.reasons.length, 2);
  assert.match(choice.reasons[0], /@tensorflow\/tfjs-node-gpu not installed/);
  assert.match(choice.reasons[1], /@tensorflow\/tfjs-node not installed/);
});

it("'gpu' without @tensorflow/tfjs-node-gpu throws naming the package to install", async (t) => {
  if (installed(GPU_PACKAGE)) {
    t.skip(`${GPU_PACKAGE} is installed here`);
    return;
  }
  await assert.rejects(selectBackend('gpu'), (err: unknown) => {
    assert.ok(err instanceof Error);
    assert.match(err.message, /npm install @tensorflow\/tfjs-node-gpu@\d+\.\d+\.\d+/);
    return true;
  });
});

it("'node' without @tensorflow/tfjs-node throws naming the package to install", async (t) => {
  if (installed(NODE_PACKAGE)) {
    t.skip(`${NODE_PACKAGE} is installed here`);
    return;
  }
  await assert.rejects(selectBackend('node'), /npm install @tensorflow\/tfjs-node@\d+\.\d+\.\d+/);
});

it("'cpu' activates the pure-JavaScript backend", async () => {
  const choice = await selectBackend('cpu');
  assert.deepEqual(choice, { name: 'cpu', tfBackend: 'cpu', reasons: [] });
  assert.equal(tf.getBackend(), 'cpu');
});

it('describeBackend gives one line with the details and every skip reason', () => {
  assert.equal(
    describeBackend({
      name: 'wasm',
      tfBackend: 'wasm',
      detail: 'SIMD, 1 thread',
      reasons: ['@tensorflow/tfjs-node-gpu not installed', '@tensorflow/tfjs-node not installed'],
    }),
    'ML backend: wasm (SIMD, 1 thread) — @tensorflow/tfjs-node-gpu not installed; @tensorflow/tfjs-node not installed',
  );
  assert.equal(
    describeBackend({
      name: 'tensorflow-gpu',
      tfBackend: 'tensorflow',
      device: 'NVIDIA GeForce RTX 3060',
      reasons: [],
    }),
    'ML backend: tensorflow-gpu (NVIDIA GeForce RTX 3060)',
  );
  assert.equal(describeBackend({ name: 'cpu', tfBackend: 'cpu', reasons: [] }), 'ML backend: cpu');
  assert.doesNotMatch(
    describeBackend({ name: 'tensorflow', tfBackend: 'tensorflow', reasons: ['x'] }),
    /\n/,
  );
});
