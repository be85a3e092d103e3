DROP INDEX "jobs_completed_idx";--> statement-breakpoint
CREATE INDEX "jobs_completed_idx" ON "jobs" USING btree ("completed_at","actual_cost_halala","dc1_fee_halala") WHERE status = 'completed';