/**
 * Band-limited resampling with libsamplerate (compiled to wasm by libsamplerate-js), so that
 * 48 kHz and 44.1 kHz sources reach 16 kHz without aliasing: a linear interpolator would fold
 * everything above 8 kHz back into the speech band.
 */
import libsamplerate from '@alexanderolsen/libsamplerate-js';

type Converter = Awaited<ReturnType<typeof libsamplerate.create>>;

/**
 * SRC_SINC_MEDIUM_QUALITY: 121 dB SNR over 90 % of the band, about 70× real time for
 * 48 kHz → 16 kHz on this machine. BEST (145 dB, 97 %) runs at about 14× real time, too slow
 * for importing hours of audio, and nothing in 7.2–8 kHz matters for emotion.
 */
const QUALITY = libsamplerate.ConverterType.SRC_SINC_MEDIUM_QUALITY;

/**
 * Most frames handed to libsamplerate-js in one call. Its wasm buffers hold 1,008,000 floats;
 * above that it falls back to its own chunking through the streaming API without ever setting
 * end-of-input, which drops the last few milliseconds. We chunk ourselves, below that size.
 */
const MAX_CALL_FRAMES = 1_000_000;

/**
 * Input context kept on each side of a chunk, in zero crossings of the filter. libsamplerate's
 * medium filter reaches about 46 zero crossings each way (22438 / 491 in its coefficient
 * table); 64 leaves room, so chunk seams are exact rather than approximately right.
 */
const CONTEXT_ZERO_CROSSINGS = 64;

/** The library limits each rate it is given, and libsamplerate the ratio. */
const MAX_RATE = 192000;
const MAX_RATIO = 256;

/** One converter per reduced rate pair; creating one instantiates a wasm module (~6 ms). */
const converters = new Map<string, Promise<Converter>>();
const MAX_CACHED_CONVERTERS = 8;

function converterFor(inFactor: number, outFactor: number): Promise<Converter> {
  const key = `${inFactor}:${outFactor}`;
  let converter = converters.get(key);
  if (!converter) {
    converter = libsamplerate.create(1, inFactor, outFactor, { converterType: QUALITY });
    converters.set(key, converter);
    // Each converter owns a wasm instance (~10 MB); forget the oldest past a handful of pairs.
    if (converters.size > MAX_CACHED_CONVERTERS) {
      converters.delete(converters.keys().next().value as string);
    }
  }
  return converter;
}

/**
 * Band-limited resampling (libsamplerate sinc, medium quality). Returns the input itself when
 * the rates are equal. The output has ceil(n·toRate/fromRate) samples, as librosa.resample
 * gives, and is time-aligned with the input (sample k sits at input time k/toRate). Async only
 * because the library loads its wasm module asynchronously the first time a rate pair is used;
 * after that each call is plain synchronous work. Inputs of any length are converted in exact
 * chunks (no seams), so an hour of audio costs its own size plus a few MB.
 */
export async function resample(
  samples: Float32Array,
  fromRate: number,
  toRate: number,
): Promise<Float32Array> {
  for (const rate of [fromRate, toRate]) {
    if (!Number.isInteger(rate) || rate <= 0) {
      throw new RangeError(`resample: sample rates must be positive integers, got ${rate}`);
    }
  }
  if (fromRate === toRate) return samples;
  // Only the ratio matters to the converter; reducing it also lets e.g. 384 kHz through.
  const divisor = gcd(fromRate, toRate);
  const inFactor = fromRate / divisor;
  const outFactor = toRate / divisor;
  const ratio = outFactor / inFactor;
  if (inFactor > MAX_RATE || outFactor > MAX_RATE || ratio > MAX_RATIO || ratio < 1 / MAX_RATIO) {
    throw new RangeError(`resample: cannot convert ${fromRate} Hz to ${toRate} Hz`);
  }
  const outLength = Math.ceil((samples.length * outFactor) / inFactor);
  if (outLength === 0) return new Float32Array(0);
  return convertInChunks(
    await converterFor(inFactor, outFactor),
    samples,
    inFactor,
    outFactor,
    outLength,
  );
}

/**
 * Convert in chunks whose starts fall on whole periods of the rate pair (multiples of inFactor
 * input frames = outFactor output frames), each with enough input context on both sides that
 * the kept middle part equals what one call over the whole input would give.
 */
function convertInChunks(
  converter: Converter,
  samples: Float32Array,
  inFactor: number,
  outFactor: number,
  outLength: number,
): Float32Array {
  const ratio = outFactor / inFactor;
  const context = Math.ceil(CONTEXT_ZERO_CROSSINGS / Math.min(ratio, 1) / inFactor) * inFactor;
  const maxInput = Math.floor(MAX_CALL_FRAMES / Math.max(ratio, 1));
  // At least one period fits for every rate pair that passes the checks in `resample`.
  const coreFrames = Math.floor((maxInput - 2 * context) / inFactor) * inFactor;
  const output = new Float32Array(outLength);
  const scratch = new Float32Array(Math.min(coreFrames, samples.length) + 2 * context);

  for (let coreStart = 0, written = 0; written < outLength; coreStart += coreFrames) {
    const inStart = Math.max(0, coreStart - context);
    // Past the end, the input continues as silence (as libsamplerate assumes at end of input),
    // which provides the last output sample when ceil() asks for one more than it would give.
    const inEnd = Math.min(coreStart + coreFrames, samples.length) + context;
    const input = scratch.subarray(0, inEnd - inStart);
    const real = samples.subarray(inStart, Math.min(inEnd, samples.length));
    input.set(real);
    input.fill(0, real.length);
    const converted = converter.simple(input);
    const skip = ((coreStart - inStart) / inFactor) * outFactor;
    const take = Math.min((coreFrames / inFactor) * outFactor, outLength - written);
    if (converted.length < skip + take) {
      throw new Error(
        `resample: libsamplerate returned ${converted.length} frames where ${skip + take} were expected`,
      );
    }
    output.set(converted.subarray(skip, skip + take), written);
    written += take;
  }
  return output;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
