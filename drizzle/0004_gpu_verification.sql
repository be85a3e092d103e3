CREATE TABLE "verification_runs" (
	"id" serial PRIMARY KEY NOT NULL,
	"provider_id" integer NOT NULL,
	"challenge_id" text NOT NULL,
	"nonce" text NOT NULL,
	"matrix_size" integer NOT NULL,
	"iterations" integer NOT NULL,
	"origin" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	"result" jsonb,
	"verdict" text,
	"score" integer,
	"flags" jsonb,
	"matched_gpu" text
);
--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "verification_status" text DEFAULT 'unverified' NOT NULL;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "verification_score" integer;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "verification_judged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "verified_gpu" text;--> statement-breakpoint
ALTER TABLE "verification_runs" ADD CONSTRAINT "verification_runs_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "verification_runs_challenge_key" ON "verification_runs" USING btree ("challenge_id");--> statement-breakpoint
CREATE UNIQUE INDEX "verification_runs_one_open_key" ON "verification_runs" USING btree ("provider_id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "verification_runs_provider_idx" ON "verification_runs" USING btree ("provider_id","requested_at","id");--> statement-breakpoint
CREATE INDEX "providers_verification_idx" ON "providers" USING btree ("verification_status","verification_score");