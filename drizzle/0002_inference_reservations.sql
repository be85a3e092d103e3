CREATE TABLE "inference_reservations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"renter_id" integer NOT NULL,
	"amount_halala" bigint NOT NULL,
	"state" text DEFAULT 'held' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "inference_reservations" ADD CONSTRAINT "inference_reservations_renter_id_renters_id_fk" FOREIGN KEY ("renter_id") REFERENCES "public"."renters"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "inference_reservations_held_idx" ON "inference_reservations" USING btree ("created_at") WHERE "inference_reservations"."state" = 'held';