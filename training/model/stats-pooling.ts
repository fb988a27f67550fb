/**
 * Statistics pooling (x-vector style): mean and standard deviation of each channel over
 * time, concatenated. It turns a variable-content window of frames into one fixed vector
 * and is how both our CNN and the statistics baseline summarise an utterance.
 * Registered with tfjs serialization so saved models load by name.
 */
import * as tf from '@tensorflow/tfjs';

export class StatsPooling extends tf.layers.Layer {
  static readonly className = 'StatsPooling';

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = shape[shape.length - 1];
    return [shape[0], channels === null ? null : 2 * channels];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const mean = tf.mean(x, 1);
      // Small epsilon keeps the square root's gradient finite for constant channels.
      const std = tf.sqrt(tf.add(tf.mean(tf.square(tf.sub(x, tf.expandDims(mean, 1))), 1), 1e-5));
      return tf.concat([mean, std], -1);
    });
  }

  override getClassName(): string {
    return StatsPooling.className;
  }
}

tf.serialization.registerClass(StatsPooling);
