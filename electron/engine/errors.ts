/**
 * What a request to the engine can end in besides a result. Callers tell them apart by
 * class: a request error is about this request (show it, go on); an unavailable engine is
 * temporary (retry once it is ready again); a timeout says nothing about the engine.
 */
import type { EngineErrorCode } from './protocol.ts';

/**
 * The engine answered the request with an error. Also thrown inside the engine by the
 * handlers, to choose the code of the error reply.
 */
export class EngineRequestError extends Error {
  override readonly name = 'EngineRequestError';
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The engine process stopped (crashed, was killed, or was stopped) before it answered. */
export class EngineUnavailableError extends Error {
  override readonly name = 'EngineUnavailableError';
}

/** No answer within the request's timeoutMs. The engine may still be working on it. */
export class EngineTimeoutError extends Error {
  override readonly name = 'EngineTimeoutError';
}

/** The engine sent something the protocol does not allow (a version mismatch or a bug). */
export class EngineProtocolError extends Error {
  override readonly name = 'EngineProtocolError';
}
