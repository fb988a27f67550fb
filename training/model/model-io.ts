/**
 * Save and load a model directory: tfjs layers `model.json` + `weights.bin` and our
 * `metadata.json`. Written through tf.io handlers and node:fs, because tfjs's
 * `file://` handler exists only in tfjs-node (DESIGN.md section 8). Files are written to
 * a temporary folder and renamed into place, so a cancelled or crashed training never
 * leaves a half-written model where a good one was.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputFileError } from '../errors.ts';
import { FEATURE_SPEC_HASH } from '../features/spec.ts';
import { type ModelMetadata, modelMetadataSchema, readModelMetadata } from './metadata.ts';
import { inputChannels } from './model-input.ts';
// Registers the StatsPooling layer class, so a saved CNN can be deserialised.
import './stats-pooling.ts';

export interface LoadedModel {
  model: tf.LayersModel;
  metadata: ModelMetadata;
  dir: string;
}

export async function saveModel(dir: string, model: tf.LayersModel, metadata: ModelMetadata): Promise<void> {
  const target = path.resolve(dir);
  const staging = `${target}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  try {
    await writeModelFiles(staging, model, metadata);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  await mkdir(path.dirname(target), { recursive: true });
  // Swap in the complete model; the old one is removed only after the new one is whole.
  const old = `${target}.old-${process.pid}`;
  if (existsSync(target)) await rename(target, old);
  await rename(staging, target);
  await rm(old, { recursive: true, force: true });
}

async function writeModelFiles(staging: string, model: tf.LayersModel, metadata: ModelMetadata): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = artifacts.weightData;
      if (weights === undefined || Array.isArray(weights)) throw new Error('expected one weight buffer');
      await writeFile(path.join(staging, 'weights.bin'), new Uint8Array(weights));
      const modelJson = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      };
      await writeFile(path.join(staging, 'model.json'), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  await writeFile(path.join(staging, 'metadata.json'), `${JSON.stringify(modelMetadataSchema.parse(metadata), null, 2)}\n`);
}

export async function loadModel(dir: string): Promise<LoadedModel> {
  const metadata = await readModelMetadata(dir);
  const modelJson = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8')) as {
    modelTopology: object;
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  const specs = modelJson.weightsManifest.flatMap((group) => group.weights);
  const buffers = await Promise.all(
    modelJson.weightsManifest.flatMap((group) => group.paths).map((p) => readFile(path.join(dir, p))),
  );
  const weightData = Buffer.concat(buffers);
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: specs,
      weightData: weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength),
    }),
  );
  assertCompatible(dir, model, metadata);
  return { model, metadata, dir };
}

/**
 * A model only works with the features and window layout it was trained on; say so
 * plainly instead of failing later on a tensor shape.
 */
function assertCompatible(dir: string, model: tf.LayersModel, metadata: ModelMetadata): void {
  if (metadata.featureSpec.hash !== FEATURE_SPEC_HASH) {
    throw new InputFileError(dir, `was trained on a different feature specification (${metadata.featureSpec.hash}; this version computes ${FEATURE_SPEC_HASH}); retrain it with ser train`);
  }
  const expected = [metadata.input.windowFrames, inputChannels(metadata.input)];
  const actual = model.inputs[0].shape.slice(1);
  if (actual.join() !== expected.join()) {
    throw new InputFileError(dir, `expects windows of [${actual.join(' × ')}] but this version prepares [${expected.join(' × ')}] (frames × channels); retrain it with ser train`);
  }
}
