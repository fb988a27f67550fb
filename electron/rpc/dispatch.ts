/**
 * Turns one request envelope into one reply envelope, whatever carried it (ipcMain in
 * Electron, the WebSocket in browser mode). This is the single place where params are
 * validated against the contract and where thrown errors become typed contract errors,
 * so both transports reject bad input identically.
 */
import { ContractError, isMethodName, methods, requestEnvelopeSchema } from '../contract.ts';
import type { MethodName, MethodParams, MethodResult, ReplyEnvelope } from '../contract.ts';
import { toContractError } from './errors.ts';

export type Handlers = {
  [M in MethodName]: (params: MethodParams<M>) => Promise<MethodResult<M>> | MethodResult<M>;
};

export interface Dispatcher {
  /** `raw` is the decoded message as received: nothing about it is trusted. */
  handle(raw: unknown): Promise<ReplyEnvelope>;
}

/** Called for errors that are bugs (code 'internal'), so they reach a log with their stack. */
export type InternalErrorLogger = (method: string, error: unknown) => void;

export function createDispatcher(handlers: Handlers, logInternal: InternalErrorLogger): Dispatcher {
  async function call<M extends MethodName>(name: M, rawParams: unknown): Promise<unknown> {
    const parsed = methods[name].input.safeParse(rawParams ?? {});
    if (!parsed.success) throw parsed.error;
    const handler = handlers[name] as (params: MethodParams<M>) => Promise<MethodResult<M>>;
    return handler(parsed.data as MethodParams<M>);
  }

  return {
    async handle(raw) {
      const envelope = requestEnvelopeSchema.safeParse(raw);
      if (!envelope.success) {
        const id = typeof raw === 'object' && raw !== null && 'id' in raw ? Number(raw.id) : -1;
        return {
          id: Number.isInteger(id) ? id : -1,
          ok: false,
          error: { code: 'invalid-input', message: 'not a request: expected {id, method, params}' },
        };
      }
      const { id, method, params } = envelope.data;
      if (!isMethodName(method)) {
        const error = new ContractError('unknown-method', `no method named "${method}"`);
        return { id, ok: false, error: error.toData() };
      }
      try {
        return { id, ok: true, result: await call(method, params) };
      } catch (thrown) {
        const error = toContractError(thrown);
        if (error.code === 'internal') logInternal(method, thrown);
        return { id, ok: false, error: error.toData() };
      }
    },
  };
}
