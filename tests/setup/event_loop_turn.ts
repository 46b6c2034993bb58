// Vitest runs a file's tests back to back without an event-loop turn in between, so a file of
// synchronous tests can starve the worker's own reporting messages, which it gives up on after
// 60 s on a busy machine ("Timeout calling onTaskUpdate"). One turn before each test prevents that.
import { beforeEach } from 'vitest';

beforeEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
