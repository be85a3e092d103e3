CREATE TABLE "admin_audit" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"actor" text DEFAULT 'admin' NOT NULL,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"details" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" serial PRIMARY KEY NOT NULL,
	"key_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"owner_type" text NOT NULL,
	"renter_id" integer,
	"provider_id" integer,
	"origin" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "daemon_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"provider_id" integer NOT NULL,
	"event_type" text NOT NULL,
	"severity" text DEFAULT 'info' NOT NULL,
	"daemon_version" text,
	"job_id" text,
	"hostname" text,
	"details" text,
	"event_timestamp" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_payloads" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "heartbeats" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"provider_id" integer NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"provider_ip" text,
	"provider_hostname" text,
	"gpu_util_pct" double precision,
	"gpu_temp_c" double precision,
	"gpu_power_w" double precision,
	"gpu_vram_free_mib" integer,
	"gpu_vram_total_mib" integer,
	"daemon_version" text,
	"gpu_count" integer,
	"gpu_status" jsonb,
	"cached_models" jsonb
);
--> statement-breakpoint
CREATE TABLE "holds" (
	"id" serial PRIMARY KEY NOT NULL,
	"job_id" integer NOT NULL,
	"renter_id" integer NOT NULL,
	"amount_halala" bigint NOT NULL,
	"status" text DEFAULT 'held' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"renter_id" integer NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"state" text DEFAULT 'in_progress' NOT NULL,
	"status_code" integer,
	"response_headers" jsonb,
	"response_body" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inference_usage" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" text NOT NULL,
	"renter_id" integer NOT NULL,
	"provider_id" integer,
	"model" text NOT NULL,
	"prompt_tokens" integer DEFAULT 0 NOT NULL,
	"completion_tokens" integer DEFAULT 0 NOT NULL,
	"cost_halala" bigint NOT NULL,
	"provider_earned_halala" bigint DEFAULT 0 NOT NULL,
	"stream" boolean DEFAULT false NOT NULL,
	"usage_source" text DEFAULT 'provider' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"job_id" integer NOT NULL,
	"sequence_no" integer NOT NULL,
	"event_type" text NOT NULL,
	"status" text NOT NULL,
	"from_status" text,
	"source" text NOT NULL,
	"message" text,
	"payload" jsonb,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_logs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"job_id" integer NOT NULL,
	"line_no" integer NOT NULL,
	"level" text DEFAULT 'info' NOT NULL,
	"message" text NOT NULL,
	"logged_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" serial PRIMARY KEY NOT NULL,
	"job_id" text NOT NULL,
	"renter_id" integer NOT NULL,
	"provider_id" integer,
	"job_type" text NOT NULL,
	"model" text,
	"template_id" text,
	"retried_from_job_id" integer,
	"status" text NOT NULL,
	"progress_phase" text,
	"progress_updated_at" timestamp with time zone,
	"priority" integer DEFAULT 2 NOT NULL,
	"pricing_class" text DEFAULT 'standard' NOT NULL,
	"prewarm_requested" boolean DEFAULT false NOT NULL,
	"retry_count" integer DEFAULT 0 NOT NULL,
	"max_retries" integer DEFAULT 2 NOT NULL,
	"error" text,
	"last_error" text,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"assigned_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"duration_minutes" double precision NOT NULL,
	"max_duration_seconds" integer NOT NULL,
	"timeout_at" timestamp with time zone,
	"task_spec" text NOT NULL,
	"task_spec_hmac" text NOT NULL,
	"container_spec" jsonb NOT NULL,
	"gpu_requirements" jsonb,
	"params" jsonb,
	"result" text,
	"cost_halala" bigint NOT NULL,
	"rate_halala_per_second" double precision NOT NULL,
	"gpu_rate_snapshot" jsonb,
	"actual_cost_halala" bigint,
	"provider_earned_halala" bigint,
	"dc1_fee_halala" bigint,
	"refunded_at" timestamp with time zone,
	"gpu_seconds_used" double precision,
	"workspace_volume_name" text NOT NULL,
	"checkpoint_enabled" boolean DEFAULT false NOT NULL,
	"endpoint_url" text,
	"serve_port" integer
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"amount_halala" bigint NOT NULL,
	"from_account" text NOT NULL,
	"to_account" text NOT NULL,
	"renter_id" integer,
	"provider_id" integer,
	"job_id" integer,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "models" (
	"model_id" text PRIMARY KEY NOT NULL,
	"display_name" text NOT NULL,
	"family" text,
	"context_length" integer DEFAULT 4096 NOT NULL,
	"min_vram_gb" double precision DEFAULT 0 NOT NULL,
	"price_in_halala_per_m" integer NOT NULL,
	"price_out_halala_per_m" integer NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "providers" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"gpu_model" text,
	"os" text,
	"location" text,
	"resource_spec" text,
	"status" text DEFAULT 'registered' NOT NULL,
	"approval_status" text DEFAULT 'pending' NOT NULL,
	"approved_at" timestamp with time zone,
	"rejected_reason" text,
	"suspended_at" timestamp with time zone,
	"is_paused" boolean DEFAULT false NOT NULL,
	"readiness_status" text DEFAULT 'pending' NOT NULL,
	"readiness_details" jsonb,
	"last_heartbeat" timestamp with time zone,
	"gpu_status" jsonb,
	"provider_ip" text,
	"provider_hostname" text,
	"daemon_version" text,
	"p2p_peer_id" text,
	"container_restart_count" integer DEFAULT 0 NOT NULL,
	"model_cache_disk_mb" integer DEFAULT 0 NOT NULL,
	"model_cache_disk_total_mb" integer DEFAULT 0 NOT NULL,
	"model_cache_disk_used_pct" double precision DEFAULT 0 NOT NULL,
	"vllm_endpoint_url" text,
	"vllm_models" jsonb,
	"wg_mesh_ip" text,
	"gpu_name_detected" text,
	"gpu_vram_mib" integer DEFAULT 0 NOT NULL,
	"vram_mb" integer,
	"gpu_count" integer DEFAULT 1 NOT NULL,
	"gpu_count_reported" integer,
	"gpu_driver" text,
	"gpu_compute_capability" text,
	"gpu_cuda_version" text,
	"gpu_profile_source" text DEFAULT 'manual' NOT NULL,
	"gpu_profile_updated_at" timestamp with time zone,
	"supported_compute_types" jsonb DEFAULT '["inference"]'::jsonb NOT NULL,
	"cached_models" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"run_mode" text DEFAULT 'always-on' NOT NULL,
	"scheduled_start" text DEFAULT '23:00' NOT NULL,
	"scheduled_end" text DEFAULT '07:00' NOT NULL,
	"gpu_usage_cap_pct" double precision DEFAULT 80 NOT NULL,
	"vram_reserve_gb" double precision DEFAULT 1 NOT NULL,
	"temp_limit_c" double precision DEFAULT 85 NOT NULL,
	"price_per_min_halala" integer,
	"uptime_percent" double precision DEFAULT 0 NOT NULL,
	"reputation_score" double precision DEFAULT 100 NOT NULL,
	"model_preload_status" text DEFAULT 'none' NOT NULL,
	"model_preload_model" text,
	"model_preload_requested_at" timestamp with time zone,
	"model_preload_updated_at" timestamp with time zone,
	"wallet_address" text,
	"earnings_halala" bigint DEFAULT 0 NOT NULL,
	"total_earned_halala" bigint DEFAULT 0 NOT NULL,
	"total_jobs" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "rate_limit_buckets" (
	"bucket_key" text NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"hits" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "renters" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"organization" text,
	"use_case" text,
	"phone" text,
	"status" text DEFAULT 'active' NOT NULL,
	"balance_halala" bigint DEFAULT 0 NOT NULL,
	"held_halala" bigint DEFAULT 0 NOT NULL,
	"total_spent_halala" bigint DEFAULT 0 NOT NULL,
	"total_jobs" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_renter_id_renters_id_fk" FOREIGN KEY ("renter_id") REFERENCES "public"."renters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "daemon_events" ADD CONSTRAINT "daemon_events_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "heartbeats" ADD CONSTRAINT "heartbeats_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holds" ADD CONSTRAINT "holds_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "holds" ADD CONSTRAINT "holds_renter_id_renters_id_fk" FOREIGN KEY ("renter_id") REFERENCES "public"."renters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_renter_id_renters_id_fk" FOREIGN KEY ("renter_id") REFERENCES "public"."renters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inference_usage" ADD CONSTRAINT "inference_usage_renter_id_renters_id_fk" FOREIGN KEY ("renter_id") REFERENCES "public"."renters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inference_usage" ADD CONSTRAINT "inference_usage_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_events" ADD CONSTRAINT "job_events_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_logs" ADD CONSTRAINT "job_logs_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_renter_id_renters_id_fk" FOREIGN KEY ("renter_id") REFERENCES "public"."renters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "admin_audit_created_idx" ON "admin_audit" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_hash_key" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "api_keys_renter_idx" ON "api_keys" USING btree ("renter_id","created_at");--> statement-breakpoint
CREATE INDEX "api_keys_provider_idx" ON "api_keys" USING btree ("provider_id","created_at");--> statement-breakpoint
CREATE INDEX "daemon_events_provider_idx" ON "daemon_events" USING btree ("provider_id","created_at");--> statement-breakpoint
CREATE INDEX "heartbeats_provider_idx" ON "heartbeats" USING btree ("provider_id","received_at");--> statement-breakpoint
CREATE INDEX "heartbeats_received_idx" ON "heartbeats" USING btree ("received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "holds_job_key" ON "holds" USING btree ("job_id");--> statement-breakpoint
CREATE INDEX "holds_renter_status_idx" ON "holds" USING btree ("renter_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "idempotency_renter_key" ON "idempotency_keys" USING btree ("renter_id","key");--> statement-breakpoint
CREATE INDEX "idempotency_expiry_idx" ON "idempotency_keys" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "inference_usage_renter_idx" ON "inference_usage" USING btree ("renter_id","created_at");--> statement-breakpoint
CREATE INDEX "inference_usage_provider_idx" ON "inference_usage" USING btree ("provider_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "job_events_job_seq_key" ON "job_events" USING btree ("job_id","sequence_no");--> statement-breakpoint
CREATE UNIQUE INDEX "job_logs_job_line_key" ON "job_logs" USING btree ("job_id","line_no");--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_job_id_key" ON "jobs" USING btree ("job_id");--> statement-breakpoint
CREATE INDEX "jobs_created_idx" ON "jobs" USING btree ("submitted_at","id");--> statement-breakpoint
CREATE INDEX "jobs_renter_idx" ON "jobs" USING btree ("renter_id","submitted_at","id");--> statement-breakpoint
CREATE INDEX "jobs_provider_idx" ON "jobs" USING btree ("provider_id","submitted_at","id");--> statement-breakpoint
CREATE INDEX "jobs_status_idx" ON "jobs" USING btree ("status","submitted_at","id");--> statement-breakpoint
CREATE INDEX "jobs_provider_status_idx" ON "jobs" USING btree ("provider_id","status");--> statement-breakpoint
CREATE INDEX "jobs_completed_idx" ON "jobs" USING btree ("completed_at") WHERE status = 'completed';--> statement-breakpoint
CREATE INDEX "jobs_timeout_idx" ON "jobs" USING btree ("timeout_at") WHERE status in ('assigned','pulling','running');--> statement-breakpoint
CREATE INDEX "ledger_from_idx" ON "ledger_entries" USING btree ("from_account");--> statement-breakpoint
CREATE INDEX "ledger_to_idx" ON "ledger_entries" USING btree ("to_account");--> statement-breakpoint
CREATE INDEX "ledger_created_idx" ON "ledger_entries" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "ledger_job_idx" ON "ledger_entries" USING btree ("job_id");--> statement-breakpoint
CREATE UNIQUE INDEX "providers_email_key" ON "providers" USING btree ("email");--> statement-breakpoint
CREATE INDEX "providers_created_idx" ON "providers" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "providers_heartbeat_idx" ON "providers" USING btree ("last_heartbeat");--> statement-breakpoint
CREATE INDEX "providers_status_idx" ON "providers" USING btree ("status","approval_status");--> statement-breakpoint
CREATE INDEX "providers_gpu_model_idx" ON "providers" USING btree ("gpu_model");--> statement-breakpoint
CREATE UNIQUE INDEX "rate_limit_buckets_key" ON "rate_limit_buckets" USING btree ("bucket_key","window_start");--> statement-breakpoint
CREATE INDEX "rate_limit_buckets_expiry_idx" ON "rate_limit_buckets" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "renters_email_key" ON "renters" USING btree ("email");--> statement-breakpoint
CREATE INDEX "renters_created_idx" ON "renters" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "renters_status_idx" ON "renters" USING btree ("status");