/**
 * Fan-out of contract events to every connected client (each Electron window, each
 * browser tab). Payloads are validated on the way out, so a service cannot send an event
 * the renderer's types would misdescribe.
 */
import { events } from '../contract.ts';
import type { EventEnvelope, EventName, EventPayload } from '../contract.ts';

export type EventSubscriber = (envelope: EventEnvelope) => void;

export class EventHub {
  private readonly subscribers = new Set<EventSubscriber>();

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const checked = events[event].parse(payload);
    for (const subscriber of [...this.subscribers]) subscriber({ event, payload: checked });
  }

  /** Returns the unsubscribe function; call it when the window or socket closes. */
  subscribe(subscriber: EventSubscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }
}
