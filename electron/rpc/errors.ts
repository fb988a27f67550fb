/**
 * Maps what the services throw onto the contract's error codes. Services keep their own
 * error classes (they are used without any transport too); only this file knows both.
 */
import { z } from 'zod';
import { InputFileError } from '../../training/errors.ts';
import { ContractError } from '../contract.ts';
import { EngineRequestError, EngineTimeoutError, EngineUnavailableError } from '../engine/engine-client.ts';
import { SettingsValidationError } from '../services/settings/errors.ts';
import { WorkspaceInputError, WorkspaceOpenError } from '../services/workspace/errors.ts';

export function toContractError(error: unknown): ContractError {
  if (error instanceof ContractError) return error;
  if (error instanceof z.ZodError) {
    const issue = error.issues[0];
    const field = issue?.path.map((segment) => String(segment)).join('.') || undefined;
    const where = field ? `${field}: ` : '';
    return new ContractError('invalid-input', `${where}${issue?.message ?? 'invalid input'}`, field);
  }
  if (error instanceof WorkspaceInputError || error instanceof SettingsValidationError) {
    return new ContractError('invalid-input', error.message, error.field);
  }
  if (error instanceof WorkspaceOpenError) return new ContractError('invalid-input', error.message, 'dir');
  if (error instanceof InputFileError) return new ContractError('input-file', error.message);
  if (error instanceof EngineUnavailableError || error instanceof EngineTimeoutError) {
    return new ContractError('engine-unavailable', error.message);
  }
  if (error instanceof EngineRequestError) {
    if (error.code === 'input-file' || error.code === 'model') return new ContractError(error.code, error.message);
    return new ContractError('internal', error.message);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ContractError('internal', message);
}
