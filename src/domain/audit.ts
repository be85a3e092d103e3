import type { Executor } from '../db/client.js';
import { adminAudit } from '../db/schema.js';

/** Records an admin action; call it inside the action's own transaction so the two commit together. */
export async function recordAdminAction(
  ex: Executor,
  action: string,
  target: { type: string; id: string | number } | null,
  details: Record<string, unknown> = {},
): Promise<void> {
  await ex.insert(adminAudit).values({
    action,
    targetType: target?.type ?? null,
    targetId: target ? String(target.id) : null,
    details,
  });
}
