import { builder } from './builder.js';
import './types/errors.js';
import './types/renter.js';
import './types/provider.js';
import './types/verification.js';
import './types/job.js';
import './types/stats.js';
import './types/models.js';
import './types/viewer.js';
import './types/subscriptions.js';

/** The executable schema, built once from every type module. */
export const schema = builder.toSchema();
