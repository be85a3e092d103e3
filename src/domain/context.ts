import type { Config } from '../config.js';
import type { Store } from '../db/client.js';

/** What every domain function needs: configuration, the store, and a clock tests can move. */
export interface DomainContext {
  config: Config;
  store: Store;
  /** The HMAC secret that signs task specs (configured, or generated and persisted in development). */
  hmacSecret: string;
  now(): Date;
}
